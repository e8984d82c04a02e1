using MongoDB.Bson;

namespace PushGateway.Query;

/// <summary>Outcome of parsing a filter: either a compiled <see cref="Filter"/> or a <see cref="QueryError"/>, never both.</summary>
public sealed class FilterParseResult
{
    private FilterParseResult(Filter? filter, QueryError? error)
    {
        Filter = filter;
        Error = error;
    }

    /// <summary>True when <see cref="Filter"/> is set.</summary>
    public bool IsSuccess => Filter is not null;

    /// <summary>The compiled filter, or null on error (an error never degrades to match-everything).</summary>
    public Filter? Filter { get; }

    /// <summary>The parse error, or null on success.</summary>
    public QueryError? Error { get; }

    internal static FilterParseResult Success(Filter filter) => new(filter, null);

    // A literal value nested past BSON's limit ({"a": {"a": ...}} 120 deep) parses, but its canonical form could be
    // neither serialized nor stored: with limits that ask for it, refuse it here, once for MQL and SQL.
    internal static FilterParseResult Success(Filter filter, QueryLimits limits) =>
        limits.MaxCanonicalDepth > 0 && DepthOf(filter.ToBsonDocument(), 1, limits.MaxCanonicalDepth) > limits.MaxCanonicalDepth
            ? Failure(QueryErrorCodes.BadValueError($"the filter is nested deeper than {limits.MaxCanonicalDepth} levels (BSON's limit), counting literal values and the operators around them"))
            : new(filter, null);

    private static int DepthOf(BsonValue value, int depth, int max)
    {
        var deepest = depth;
        IEnumerable<BsonValue> children = value switch
        {
            BsonDocument d => d.Values,
            BsonArray a => a,
            _ => [],
        };
        foreach (var child in children)
        {
            if (child is BsonDocument or BsonArray)
            {
                // Stop descending once past the limit: the answer is already known.
                deepest = Math.Max(deepest, deepest > max ? deepest : DepthOf(child, depth + 1, max));
            }
        }

        return deepest;
    }

    // Error texts may quote the input (a reader's message, a field name): never let one carry a lone surrogate, which
    // no JSON response could encode.
    internal static FilterParseResult Failure(QueryError error) => new(null, error with
    {
        Message = Utf16Text.Sanitize(error.Message),
        Path = error.Path is null ? null : Utf16Text.Sanitize(error.Path),
        Excerpt = error.Excerpt is null ? null : Utf16Text.Sanitize(error.Excerpt),
    });
}
