using MongoDB.Bson;

namespace PushGateway.Query.Ast;

/// <summary>Several operators in one operator document inside <c>$not</c>, e.g. <c>$not: {$gt: 1, $lt: 5}</c>.</summary>
internal sealed class AndPredicate(IReadOnlyList<PredicateNode> predicates) : PredicateNode
{
    public IReadOnlyList<PredicateNode> Predicates { get; } = predicates;

    public override void WriteTo(BsonDocument operators)
    {
        foreach (var predicate in Predicates)
        {
            predicate.WriteTo(operators);
        }
    }
}
