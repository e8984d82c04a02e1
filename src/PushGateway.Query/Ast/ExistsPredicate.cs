using MongoDB.Bson;

namespace PushGateway.Query.Ast;

/// <summary><c>$exists: true</c>; <c>$exists: false</c> is its negation.</summary>
internal sealed class ExistsPredicate : PredicateNode
{
    public static ExistsPredicate Instance { get; } = new();

    public override void WriteTo(BsonDocument operators) => operators.Add("$exists", true);
}
