namespace PushGateway.Query;

/// <summary>The projected paths as a tree of components; a leaf marks a whole projected field.</summary>
internal sealed class ProjectionTree
{
    public Dictionary<string, ProjectionTree> Children { get; } = new(StringComparer.Ordinal);

    public bool IsLeaf { get; private set; }

    /// <summary>Adds a path; false (with the colliding path) when it overlaps one already added.</summary>
    public bool TryAdd(string[] parts, out string? collision)
    {
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
        collision = null;
        return true;
    }

    public void Remove(string name) => Children.Remove(name);
}
