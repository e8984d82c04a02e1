using MongoDB.Bson;

namespace PushGateway.Query;

/// <summary>The projected paths as a tree of components; a leaf marks a whole projected field.</summary>
internal sealed class ProjectionTree
{
    public Dictionary<string, ProjectionTree> Children { get; } = new(StringComparer.Ordinal);

    public bool IsLeaf { get; private set; }

    /// <summary>Find's <c>$slice</c> on this leaf: elements skipped (negative counts from the end; null = from the start or end per <see cref="SliceLimit"/>'s sign).</summary>
    public int? SliceSkip { get; set; }

    /// <summary>Find's <c>$slice</c> on this leaf: how many elements to keep (negative = the last ones).</summary>
    public int? SliceLimit { get; set; }

    /// <summary>Find's <c>$elemMatch</c> on this (top-level) leaf: a filter on <c>{field: [element]}</c>.</summary>
    public Filter? ElemMatch { get; set; }

    /// <summary>Find's positional <c>field.$</c>: keep only the array element the query matched.</summary>
    public bool Positional { get; set; }

    /// <summary>Adds a path; false (with the colliding path) when it overlaps one already added.</summary>
    public bool TryAdd(string[] parts, out string? collision) => TryAdd(parts, out collision, out _);

    /// <summary>Adds a path and returns its leaf; false (with the colliding path) when it overlaps one already added.</summary>
    public bool TryAdd(string[] parts, out string? collision, out ProjectionTree? leaf)
    {
        leaf = null;
        var node = this;
        for (var i = 0; i < parts.Length; i++)
        {
            if (node.IsLeaf)
            {
                collision = string.Join('.', parts);
                return false;
            }

            if (!node.Children.TryGetValue(parts[i], out var child))
            {
                child = new ProjectionTree();
                node.Children.Add(parts[i], child);
            }

            node = child;
        }

        if (node.IsLeaf || node.Children.Count > 0)
        {
            collision = string.Join('.', parts);
            return false;
        }

        node.IsLeaf = true;
        leaf = node;
        collision = null;
        return true;
    }

    public void Remove(string name) => Children.Remove(name);

    /// <summary>The <c>$slice</c> of <paramref name="value"/> (non-arrays are returned unchanged).</summary>
    public BsonValue Slice(BsonValue value)
    {
        if (value is not BsonArray array || SliceLimit is not { } limit)
        {
            return value.DeepClone();
        }

        int start, count;
        if (SliceSkip is { } skip)
        {
            start = skip >= 0 ? Math.Min(skip, array.Count) : Math.Max(0, array.Count + skip);
            count = Math.Min(limit, array.Count - start);
        }
        else if (limit >= 0)
        {
            start = 0;
            count = Math.Min(limit, array.Count);
        }
        else
        {
            start = Math.Max(0, array.Count + limit);
            count = array.Count - start;
        }

        return new BsonArray(array.Skip(start).Take(count).Select(e => e.DeepClone()));
    }
}
