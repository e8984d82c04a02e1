using MongoDB.Bson;

namespace PushGateway.Query.Ast;

/// <summary>A predicate applied to the values at a dotted path: <c>{path: {$op: ...}}</c>.</summary>
internal sealed class FieldNode(string path, PredicateNode predicate) : FilterNode
{
    public string Path { get; } = path;

    public PredicateNode Predicate { get; } = predicate;

    public override void WriteTo(BsonDocument target)
    {
        var operators = new BsonDocument();
        Predicate.WriteTo(operators);
        target.Add(Path, operators);
    }
}
