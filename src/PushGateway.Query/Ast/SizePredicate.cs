using MongoDB.Bson;

namespace PushGateway.Query.Ast;

/// <summary><c>$size</c>: the value is an array of exactly this length.</summary>
internal sealed class SizePredicate(int size) : PredicateNode
{
    public int Size { get; } = size;

    public override void WriteTo(BsonDocument operators) => operators.Add("$size", Size);
}
