using MongoDB.Bson;

namespace PushGateway.Query;

/// <summary>Find's projection operators: <c>$slice</c>, <c>$elemMatch</c> and the positional <c>field.$</c>.</summary>
public sealed partial class Projection
{
    /// <summary>The dotted path of the array a positional <c>field.$</c> narrows, or null when there is none.</summary>
    public string? PositionalPath => FindPositional(_tree, []) is { } path ? string.Join('.', path) : null;

    /// <summary>
    /// Projects <paramref name="document"/> for a find whose filter was <paramref name="query"/>: a positional
    /// <c>field.$</c> keeps only the first array element the query matched. False with mongod's error when
    /// the query matched no element of that array.
    /// </summary>
    public bool TryApply(BsonDocument document, Filter? query, out BsonDocument? result, out QueryError? error)
    {
        ArgumentNullException.ThrowIfNull(document);
        var positional = FindPositional(_tree, []);
        if (positional is not null && !TryNarrow(document, positional, query, out document, out error))
        {
            result = null;
            return false;
        }

        result = Apply(document);
        error = null;
        return true;
    }

    private static bool TryParseOperator(string path, BsonDocument spec, out Action<ProjectionTree> apply, out QueryError? error)
    {
        apply = _ => { };
        var op = spec.GetElement(0);
        if (spec.ElementCount != 1)
        {
            error = QueryErrorCodes.BadValueError($"projection operator for '{path}' must be a single operator, found {spec.ElementCount} fields", path);
            return false;
        }

        switch (op.Name)
        {
            case "$slice":
                return TryParseSlice(path, op.Value, out apply, out error);
            case "$elemMatch":
                if (path.Contains('.', StringComparison.Ordinal))
                {
                    error = QueryErrorCodes.Location(31275, "Cannot use $elemMatch projection on a nested field.", path);
                    return false;
                }

                if (op.Value is not BsonDocument condition)
                {
                    error = QueryErrorCodes.Location(31274, "elemMatch: Invalid argument, object required.", path);
                    return false;
                }

                var parsed = MqlFilter.Parse(new BsonDocument(path, new BsonDocument("$elemMatch", condition)));
                if (!parsed.IsSuccess)
                {
                    error = parsed.Error;
                    return false;
                }

                apply = leaf => leaf.ElemMatch = parsed.Filter;
                error = null;
                return true;
            default:
                error = QueryErrorCodes.BadValueError($"unsupported projection operator '{op.Name}' for '{path}': only $slice and $elemMatch are supported", path);
                return false;
        }
    }

    private static bool TryParseSlice(string path, BsonValue value, out Action<ProjectionTree> apply, out QueryError? error)
    {
        apply = _ => { };
        if (value.IsNumeric)
        {
            var limit = ClampToInt(value);
            apply = leaf => leaf.SliceLimit = limit;
            error = null;
            return true;
        }

        if (value is BsonArray { Count: 2 } pair && pair[0].IsNumeric && pair[1].IsNumeric)
        {
            var skip = ClampToInt(pair[0]);
            var limit = ClampToInt(pair[1]);
            if (limit <= 0)
            {
                error = QueryErrorCodes.Location(28724, "Second argument to $slice must be a positive number", path);
                return false;
            }

            apply = leaf =>
            {
                leaf.SliceSkip = skip;
                leaf.SliceLimit = limit;
            };
            error = null;
            return true;
        }

        error = QueryErrorCodes.Location(28667, "$slice only supports numbers and [skip, limit] arrays", path);
        return false;
    }

    private static int ClampToInt(BsonValue value) => (int)Math.Clamp(value.ToDouble(), int.MinValue, int.MaxValue);

    /// <summary>The first element of an array field matching the leaf's <c>$elemMatch</c>, as a one-element array; null when none.</summary>
    private static BsonArray? ElemMatchOf(string name, BsonValue value, ProjectionTree leaf)
    {
        if (value is not BsonArray array)
        {
            return null;
        }

        foreach (var element in array)
        {
            if (leaf.ElemMatch!.Matches(new BsonDocument(name, new BsonArray { element })))
            {
                return [element.DeepClone()];
            }
        }

        return null;
    }

    private void AppendElemMatches(BsonDocument source, BsonDocument result)
    {
        foreach (var (name, child) in _tree.Children)
        {
            if (child.ElemMatch is not null && source.TryGetValue(name, out var value) && ElemMatchOf(name, value, child) is { } matched)
            {
                result.Add(name, matched);
            }
        }
    }

    private static string[]? FindPositional(ProjectionTree node, List<string> prefix)
    {
        foreach (var (name, child) in node.Children)
        {
            prefix.Add(name);
            if (child.Positional)
            {
                return [.. prefix];
            }

            if (FindPositional(child, prefix) is { } found)
            {
                return found;
            }

            prefix.RemoveAt(prefix.Count - 1);
        }

        return null;
    }

    /// <summary>
    /// A copy of <paramref name="document"/> whose array at <paramref name="path"/> holds only the first
    /// element for which the query still matches when the array is cut down to that element.
    /// </summary>
    private static bool TryNarrow(BsonDocument document, string[] path, Filter? query, out BsonDocument narrowed, out QueryError? error)
    {
        narrowed = document;
        error = null;
        if (Parent(document, path) is not { } parent || !parent.TryGetValue(path[^1], out var value) || value is not BsonArray array)
        {
            // Nothing to narrow: the field is missing or not an array reached through documents.
            return true;
        }

        for (var i = 0; query is not null && i < array.Count; i++)
        {
            var probe = document.DeepClone().AsBsonDocument;
            Parent(probe, path)![path[^1]] = new BsonArray { array[i] };
            if (query.Matches(probe))
            {
                narrowed = probe;
                return true;
            }
        }

        error = QueryErrorCodes.Location(51246, "Executor error during find command :: caused by :: positional operator '.$' couldn't find a matching element in the array", string.Join('.', path) + ".$");
        return false;
    }

    private static BsonDocument? Parent(BsonDocument document, string[] path)
    {
        var current = document;
        for (var i = 0; i < path.Length - 1; i++)
        {
            if (!current.TryGetValue(path[i], out var next) || next is not BsonDocument nested)
            {
                return null;
            }

            current = nested;
        }

        return current;
    }
}
