using MongoDB.Bson;
using PushGateway.Query.Bson;

namespace PushGateway.Query;

/// <summary>
/// A find-style projection: inclusion (<c>{a: 1, "b.c": 1}</c>) or exclusion (<c>{a: 0}</c>), never
/// both except for <c>_id</c>, which is included unless <c>_id: 0</c>. Dotted fields descend into
/// documents and through arrays. <see cref="TryParse"/> accepts only these (subscription projections);
/// <see cref="TryParseFind"/> also accepts find's <c>$slice</c>, <c>$elemMatch</c> and positional <c>$</c>.
/// Aggregation expressions are not supported.
/// </summary>
public sealed partial class Projection
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

    /// <summary>Parses a projection document of plain inclusions/exclusions.</summary>
    public static bool TryParse(BsonDocument spec, out Projection? projection, out QueryError? error) =>
        TryParse(spec, false, out projection, out error);

    /// <summary>Parses a find command's projection: also <c>$slice</c>, <c>$elemMatch</c> and the positional <c>field.$</c>.</summary>
    public static bool TryParseFind(BsonDocument spec, out Projection? projection, out QueryError? error) =>
        TryParse(spec, true, out projection, out error);

    private static bool TryParse(BsonDocument spec, bool findOperators, out Projection? projection, out QueryError? error)
    {
        ArgumentNullException.ThrowIfNull(spec);
        projection = null;
        bool? inclusion = null;
        var excludeId = false;
        var elemMatch = false;
        var slice = false;
        var positionals = 0;
        var tree = new ProjectionTree();
        foreach (var element in spec)
        {
            var name = element.Name;
            var positional = findOperators && name.EndsWith(".$", StringComparison.Ordinal);
            var path = positional ? name[..^2] : name;
            if (path.Length == 0 || path.StartsWith('$') || path.Split('.').Any(p => p.Length == 0 || p.StartsWith('$')))
            {
                error = findOperators && path.Split('.').Contains("$")
                    ? QueryErrorCodes.BadValueError($"positional projection '{name}': the positional operator must end the path", name)
                    : QueryErrorCodes.BadValueError($"unsupported projection path '{name}': positional and operator paths are not supported", name);
                return false;
            }

            var value = element.Value;
            if (positional && value is BsonDocument)
            {
                error = QueryErrorCodes.Location(31271, "positional projection cannot be used with an expression", name);
                return false;
            }

            if (findOperators && value is BsonDocument { ElementCount: > 0 } operatorSpec && operatorSpec.GetElement(0).Name.StartsWith('$'))
            {
                if (!TryParseOperator(path, operatorSpec, out var apply, out error))
                {
                    return false;
                }

                if (!tree.TryAdd(path.Split('.'), out var operatorCollision, out var leaf))
                {
                    error = QueryErrorCodes.Location(QueryErrorCodes.ProjectionPathCollision, $"Path collision at {operatorCollision}", name);
                    return false;
                }

                apply(leaf!);
                if (leaf!.ElemMatch is not null && positionals > 0)
                {
                    error = QueryErrorCodes.Location(31255, "Cannot specify positional operator and $elemMatch.", name);
                    return false;
                }

                elemMatch |= leaf.ElemMatch is not null;
                slice |= leaf.SliceLimit is not null;
                continue;
            }

            if (!value.IsNumeric && !value.IsBoolean)
            {
                error = QueryErrorCodes.BadValueError($"unsupported projection value for '{name}': only 0/1/true/false are supported", name);
                return false;
            }

            var include = value.ToBoolean();
            if (positional)
            {
                if (!include)
                {
                    error = QueryErrorCodes.BadValueError($"positional projection '{name}' can only include", name);
                    return false;
                }

                if (++positionals > 1)
                {
                    error = QueryErrorCodes.Location(31276, "Cannot specify more than one positional projection per query.", name);
                    return false;
                }

                if (elemMatch)
                {
                    error = QueryErrorCodes.Location(31256, "Cannot specify positional operator and $elemMatch.", name);
                    return false;
                }

                // A positional projection is an inclusion of the array, narrowed to the matched element.
                name = path;
            }

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
            if (!tree.TryAdd(name.Split('.'), out var collision, out var added))
            {
                error = QueryErrorCodes.Location(QueryErrorCodes.ProjectionPathCollision, $"Path collision at {collision}", name);
                return false;
            }

            added!.Positional = positional;
        }

        // Without plain fields, find's rule: any $slice makes an exclusion, else $elemMatch an inclusion.
        var isInclusion = inclusion ?? ((spec.Contains("_id") && !excludeId) || (!slice && elemMatch));
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
        AppendElemMatches(document, result);
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

            if (child.ElemMatch is not null)
            {
                continue; // appended after the other fields, as mongod does
            }

            if (child.IsLeaf)
            {
                result.Add(element.Name, child.Slice(element.Value));
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
        // Built at its exact size: a find that leaves out one field of long documents (e.g. a history) added every
        // other field one by one, growing the list and building a name dictionary per document.
        var result = default(ExactDocuments.Builder);
        for (var i = 0; i < source.ElementCount; i++)
        {
            var element = source.GetElement(i);
            if (!tree.Children.TryGetValue(element.Name, out var child))
            {
                result.Add(element.Name, element.Value.DeepClone(), allowDuplicateNames: false);
            }
            else if (child.ElemMatch is not null)
            {
                if (ElemMatchOf(element.Name, element.Value, child) is { } matched)
                {
                    result.Add(element.Name, matched, allowDuplicateNames: false);
                }
            }
            else if (child.SliceLimit is not null)
            {
                result.Add(element.Name, child.Slice(element.Value), allowDuplicateNames: false);
            }
            else if (child.IsLeaf)
            {
                continue;
            }
            else if (element.Value is BsonDocument nested)
            {
                result.Add(element.Name, Exclude(nested, child), allowDuplicateNames: false);
            }
            else if (element.Value is BsonArray array)
            {
                result.Add(element.Name, ExcludeArray(array, child), allowDuplicateNames: false);
            }
            else
            {
                result.Add(element.Name, element.Value.DeepClone(), allowDuplicateNames: false);
            }
        }

        return result.ToDocument(allowDuplicateNames: false);
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
