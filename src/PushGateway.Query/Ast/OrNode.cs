using MongoDB.Bson;

namespace PushGateway.Query.Ast;

/// <summary><c>$or</c> (or <c>$nor</c> when <see cref="Negated"/>).</summary>
internal sealed class OrNode(IReadOnlyList<FilterNode> children, bool negated) : FilterNode
{
    public IReadOnlyList<FilterNode> Children { get; } = children;

    public bool Negated { get; } = negated;

    public override void WriteTo(BsonDocument target)
    {
        var array = new BsonArray();
        foreach (var child in Children)
        {
            array.Add(child.ToBsonDocument());
        }

        target.Add(Negated ? "$nor" : "$or", array);
    }
}
