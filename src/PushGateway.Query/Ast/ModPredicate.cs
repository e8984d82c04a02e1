using MongoDB.Bson;

namespace PushGateway.Query.Ast;

/// <summary><c>$mod: [divisor, remainder]</c> on numbers truncated to integers.</summary>
internal sealed class ModPredicate(long divisor, long remainder) : PredicateNode
{
    public long Divisor { get; } = divisor;

    public long Remainder { get; } = remainder;

    public override void WriteTo(BsonDocument operators) => operators.Add("$mod", new BsonArray { Divisor, Remainder });
}
