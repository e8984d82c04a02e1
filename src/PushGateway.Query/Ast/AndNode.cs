using MongoDB.Bson;

namespace PushGateway.Query.Ast;

/// <summary><c>$and</c>; also the implicit AND of the keys of one filter document. No children = match all.</summary>
internal sealed class AndNode(IReadOnlyList<FilterNode> children) : FilterNode
{
    public IReadOnlyList<FilterNode> Children { get; } = children;

    public override void WriteTo(BsonDocument target)
    {
        // Merge children into one document when their keys do not collide (the readable form
        // {a: {$gt: 1, $lt: 5}, b: ...}); otherwise fall back to an explicit $and array.
        var merged = new BsonDocument();
        foreach (var child in Children)
        {
            var rendered = child.ToBsonDocument();
            foreach (var element in rendered)
            {
                if (!merged.TryGetValue(element.Name, out var existing))
                {
                    merged.Add(element.Name, element.Value.DeepClone());
                }
                else if (!TryMergeOperators(existing, element.Value))
                {
                    WriteAsArray(target);
                    return;
                }
            }
        }

        target.AddRange(merged);
    }

    private static bool TryMergeOperators(BsonValue existing, BsonValue addition)
    {
        if (existing is not BsonDocument a || addition is not BsonDocument b
            || a.ElementCount == 0 || b.ElementCount == 0
            || !a.GetElement(0).Name.StartsWith('$') || !b.GetElement(0).Name.StartsWith('$'))
        {
            return false;
        }

        foreach (var element in b)
        {
            if (a.Contains(element.Name))
            {
                return false;
            }
        }

        foreach (var element in b)
        {
            a.Add(element.Name, element.Value.DeepClone());
        }

        return true;
    }

    private void WriteAsArray(BsonDocument target)
    {
        var array = new BsonArray();
        foreach (var child in Children)
        {
            array.Add(child.ToBsonDocument());
        }

        target.Add("$and", array);
    }
}
