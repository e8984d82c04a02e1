using MongoDB.Bson;

namespace PushGateway.Query;

/// <summary>
/// A find-style projection: inclusion (<c>{a: 1, "b.c": 1}</c>) or exclusion (<c>{a: 0}</c>), never
/// both except for <c>_id</c>, which is included unless <c>_id: 0</c>. Dotted fields descend into
/// documents and through arrays. Operators (<c>$slice</c>, <c>$elemMatch</c>, <c>$</c>, expressions) are not supported.
/// </summary>
public sealed class Projection
{
    private readonly ProjectionTree _tree;
    private readonly bool _excludeId;

    private Projection(ProjectionTree tree, bool isInclusion, bool excludeId)
    {
        _tree = tree;
        IsInclusion = isInclusion;
        _excludeId = excludeId;
    }

    /// <summary>True for an inclusion projection; false for exclusion (including the empty projection).</summary>
    public bool IsInclusion { get; }

    /// <summary>Parses a projection document.</summary>
    public static bool TryParse(BsonDocument spec, out Projection? projection, out QueryError? error)
    {
        ArgumentNullException.ThrowIfNull(spec);
        projection = null;
        bool? inclusion = null;
        var excludeId = false;
        var tree = new ProjectionTree();
        foreach (var element in spec)
        {
            var name = element.Name;
            if (name.Length == 0 || name.StartsWith('$') || name.Split('.').Any(p => p.Length == 0 || p.StartsWith('$')))
            {
                error = QueryErrorCodes.BadValueError($"unsupported projection path '{name}': positional and operator paths are not supported", name);
                return false;
            }

            var value = element.Value;
            if (!value.IsNumeric && !value.IsBoolean)
            {
                error = QueryErrorCodes.BadValueError($"unsupported projection value for '{name}': only 0/1/true/false are supported", name);
                return false;
            }

            var include = value.ToBoolean();
            if (name == "_id")
            {
                excludeId = !include;
                if (include)
                {
                    tree.TryAdd(name.Split('.'), out _);
                }

                continue;
            }

            if (inclusion is { } mode && mode != include)
            {
                error = include
                    ? QueryErrorCodes.Location(QueryErrorCodes.InclusionInExclusionProjection, $"Cannot do inclusion on field {name} in exclusion projection", name)
                    : QueryErrorCodes.Location(QueryErrorCodes.ExclusionInInclusionProjection, $"Cannot do exclusion on field {name} in inclusion projection", name);
                return false;
            }

            inclusion = include;
            if (!tree.TryAdd(name.Split('.'), out var collision))
            {
                error = QueryErrorCodes.Location(QueryErrorCodes.ProjectionPathCollision, $"Path collision at {collision}", name);
                return false;
            }
        }

        var isInclusion = inclusion ?? (spec.Contains("_id") && !excludeId);
        if (!isInclusion)
        {
            // An exclusion tree lists excluded paths only; _id is handled by the flag.
            tree.Remove("_id");
            if (excludeId)
            {
                tree.TryAdd(["_id"], out _);
            }
        }

        projection = new Projection(tree, isInclusion, excludeId);
        error = null;
        return true;
    }

    /// <summary>A new document holding the projected fields of <paramref name="document"/> (values are deep copies).</summary>
    public BsonDocument Apply(BsonDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (!IsInclusion)
        {
            return Exclude(document, _tree);
        }

        var result = Include(document, _tree);
        if (!_excludeId && !_tree.Children.ContainsKey("_id") && document.TryGetValue("_id", out var id))
        {
            result.InsertAt(0, new BsonElement("_id", id.DeepClone()));
        }

        return result;
    }

    private static BsonDocument Include(BsonDocument source, ProjectionTree tree)
    {
        var result = new BsonDocument();
        foreach (var element in source)
        {
            if (!tree.Children.TryGetValue(element.Name, out var child))
            {
                continue;
            }

            if (child.IsLeaf)
            {
                result.Add(element.Name, element.Value.DeepClone());
            }
            else if (element.Value is BsonDocument nested)
            {
                result.Add(element.Name, Include(nested, child));
            }
            else if (element.Value is BsonArray array)
            {
                result.Add(element.Name, IncludeArray(array, child));
            }
        }

        return result;
    }

    private static BsonArray IncludeArray(BsonArray source, ProjectionTree tree)
    {
        var result = new BsonArray();
        foreach (var item in source)
        {
            if (item is BsonDocument document)
            {
                result.Add(Include(document, tree));
            }
            else if (item is BsonArray nested)
            {
                result.Add(IncludeArray(nested, tree));
            }
        }

        return result;
    }

    private static BsonDocument Exclude(BsonDocument source, ProjectionTree tree)
    {
        var result = new BsonDocument();
        foreach (var element in source)
        {
            if (!tree.Children.TryGetValue(element.Name, out var child))
            {
                result.Add(element.Name, element.Value.DeepClone());
            }
            else if (child.IsLeaf)
            {
                continue;
            }
            else if (element.Value is BsonDocument nested)
            {
                result.Add(element.Name, Exclude(nested, child));
            }
            else if (element.Value is BsonArray array)
            {
                result.Add(element.Name, ExcludeArray(array, child));
            }
            else
            {
                result.Add(element.Name, element.Value.DeepClone());
            }
        }

        return result;
    }

    private static BsonArray ExcludeArray(BsonArray source, ProjectionTree tree)
    {
        var result = new BsonArray();
        foreach (var item in source)
        {
            result.Add(item switch
            {
                BsonDocument document => Exclude(document, tree),
                BsonArray nested => ExcludeArray(nested, tree),
                _ => item.DeepClone(),
            });
        }

        return result;
    }
}
