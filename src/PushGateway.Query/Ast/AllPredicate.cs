using MongoDB.Bson;

namespace PushGateway.Query.Ast;

/// <summary><c>$all</c>: every listed condition (equality, regex or <c>$elemMatch</c>) holds for the path. Empty matches nothing.</summary>
internal sealed class AllPredicate(IReadOnlyList<PredicateNode> items, BsonArray operand) : PredicateNode
{
    public IReadOnlyList<PredicateNode> Items { get; } = items;

    public BsonArray Operand { get; } = operand;

    public override void WriteTo(BsonDocument operators) => operators.Add("$all", Operand);
}
