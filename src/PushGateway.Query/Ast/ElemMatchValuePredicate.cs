using MongoDB.Bson;

namespace PushGateway.Query.Ast;

/// <summary><c>$elemMatch: {$op: ...}</c>: some element satisfies every operator itself.</summary>
internal sealed class ElemMatchValuePredicate(IReadOnlyList<PredicateNode> predicates) : PredicateNode
{
    public IReadOnlyList<PredicateNode> Predicates { get; } = predicates;

    public override void WriteTo(BsonDocument operators)
    {
        var inner = new BsonDocument();
        foreach (var predicate in Predicates)
        {
            predicate.WriteTo(inner);
        }

        operators.Add("$elemMatch", inner);
    }
}
