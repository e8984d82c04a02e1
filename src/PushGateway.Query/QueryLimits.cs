namespace PushGateway.Query;

/// <summary>
/// Bounds applied while parsing and compiling a filter, so a hostile filter cannot exhaust the
/// stack, the CPU or memory of the process that evaluates it for every event.
/// </summary>
public sealed class QueryLimits
{
    /// <summary>The defaults: depth 100 (MongoDB's own limit), 1,000 clauses, 10,000 <c>$in</c> values, 1,024-character patterns, 100 ms regex timeout.</summary>
    public static QueryLimits Default { get; } = new();

    /// <summary>Maximum nesting of <c>$and/$or/$nor/$not/$elemMatch</c> and sub-documents. Default 100.</summary>
    public int MaxDepth { get; init; } = 100;

    /// <summary>Maximum number of leaf clauses (one per operator) in one filter. Default 1,000.</summary>
    public int MaxClauses { get; init; } = 1000;

    /// <summary>Maximum number of values in one <c>$in</c>, <c>$nin</c> or <c>$all</c> list. Default 10,000.</summary>
    public int MaxInSize { get; init; } = 10_000;

    /// <summary>Maximum length in characters of one regular expression or LIKE pattern. Default 1,024.</summary>
    public int MaxPatternLength { get; init; } = 1024;

    /// <summary>Match timeout for regexes that cannot use the non-backtracking engine. Default 100 ms.</summary>
    public TimeSpan RegexTimeout { get; init; } = TimeSpan.FromMilliseconds(100);
}
