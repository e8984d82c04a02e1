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

    // Error texts may quote the input (a reader's message, a field name): never let one carry a lone surrogate, which
    // no JSON response could encode.
    internal static FilterParseResult Failure(QueryError error) => new(null, error with
    {
        Message = Utf16Text.Sanitize(error.Message),
        Path = error.Path is null ? null : Utf16Text.Sanitize(error.Path),
        Excerpt = error.Excerpt is null ? null : Utf16Text.Sanitize(error.Excerpt),
    });
}
