namespace PushGateway.Query;

/// <summary>
/// Bounds applied while parsing, compiling and evaluating a filter, so a hostile filter cannot exhaust the stack, the
/// CPU or memory of the process that evaluates it for every event. Each bound produces its own error (see the
/// library README's table of limits).
/// </summary>
public sealed class QueryLimits
{
    /// <summary>
    /// The defaults, with MongoDB's semantics for trusted callers (the embedded server's queries): every bound below
    /// except <see cref="MaxEvaluationWork"/>, which is unbounded.
    /// </summary>
    public static QueryLimits Default { get; } = new();

    /// <summary>
    /// For filters written by clients that share the process with other tenants (subscriptions, webhooks, the
    /// validate endpoint): the defaults plus an evaluation work budget of 100,000 units and a 50 ms regex match timeout,
    /// and patterns that need backtracking or repeat a group holding both kinds of repetition are refused.
    /// </summary>
    public static QueryLimits Untrusted { get; } = new() { MaxEvaluationWork = 100_000, RegexMatchTimeout = TimeSpan.FromMilliseconds(50), BacktrackingRegexTimeout = null, MaxCanonicalDepth = 100, RefuseNestedCounting = true };

    /// <summary>Maximum length in characters of filter text (MQL JSON or SQL). Default 16,384.</summary>
    public int MaxFilterLength { get; init; } = 16 * 1024;

    /// <summary>Maximum nesting of JSON objects and arrays in MQL JSON text. Default 256 (room for <see cref="MaxDepth"/> operator levels, which take two JSON levels each in <c>$and</c>/<c>$or</c>).</summary>
    public int MaxJsonDepth { get; init; } = 256;

    /// <summary>Maximum nesting of <c>$and/$or/$nor/$not/$elemMatch</c> and sub-documents (SQL: parentheses and NOT). Default 100 (MongoDB's own limit).</summary>
    public int MaxDepth { get; init; } = 100;

    /// <summary>
    /// Maximum nesting of the canonical filter document (literal values and the operators around them), checked after
    /// parsing; 0 = not checked (the default: the embedded server's own queries skip the walk). <see cref="Untrusted"/>
    /// uses 100, BSON's limit, so a client filter that parses can always be stored and shown.
    /// </summary>
    public int MaxCanonicalDepth { get; init; }

    /// <summary>Maximum number of leaf clauses (one per operator) in one filter. Default 1,000.</summary>
    public int MaxClauses { get; init; } = 1000;

    /// <summary>Maximum number of values in one <c>$in</c>, <c>$nin</c> or <c>$all</c> list (SQL <c>IN</c>). Default 10,000.</summary>
    public int MaxInSize { get; init; } = 10_000;

    /// <summary>Maximum length in characters of one regular expression or LIKE pattern. Default 1,024.</summary>
    public int MaxPatternLength { get; init; } = 1024;

    /// <summary>
    /// Work one evaluation of the filter against one document may do, in units: one per array element compared (two when the path descends into it),
    /// and per character given to a regex, 2 + (the pattern's size with counted repetitions expanded) / 8 (a unit is
    /// roughly 10 ns of CPU). An
    /// evaluation that would exceed it stops and counts as no match (<see cref="MatchOutcome.BudgetExceeded"/>).
    /// 0 (the default) = unbounded. <see cref="Untrusted"/> sets 100,000 (about 1 ms of CPU at worst on the
    /// reference machine; see the benchmarks' RESULTS.md).
    /// </summary>
    public long MaxEvaluationWork { get; init; }

    /// <summary>
    /// Wall-clock bound of one regex match, the backstop for what <see cref="MaxEvaluationWork"/> cannot weigh in
    /// advance: the linear-time engine builds its automaton lazily, and for patterns with counted repetitions of
    /// wildcards (<c>.*a.{30}</c>) building it on the first inputs can take far longer than matching. A match that
    /// times out stops the evaluation as <see cref="MatchOutcome.BudgetExceeded"/>. Default: none
    /// (<see cref="System.Text.RegularExpressions.Regex.InfiniteMatchTimeout"/>); <see cref="Untrusted"/> sets 50 ms.
    /// </summary>
    public TimeSpan RegexMatchTimeout { get; init; } = System.Text.RegularExpressions.Regex.InfiniteMatchTimeout;

    /// <summary>
    /// Patterns the linear-time engine cannot run (backreferences, lookarounds, atomic groups, possessive quantifiers,
    /// conditionals): null refuses them with an error naming the construct and its position (<see cref="Untrusted"/>);
    /// a value runs them on the backtracking engine with this match timeout, a match that times out counting as no
    /// match (<see cref="Default"/>: 100 ms, for the embedded server's compatibility with mongod).
    /// </summary>
    public TimeSpan? BacktrackingRegexTimeout { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Refuse patterns that repeat a group holding both an unbounded repetition (<c>*</c>, <c>+</c>, <c>{n,}</c>) and a
    /// counted one (<c>{n}</c>, <c>{n,m}</c>), such as <c>(.*a.{10}){3}</c>: the linear-time engine's automaton for
    /// them keeps growing with varied input (hundreds of MiB per pattern were measured, and one such pattern ran a
    /// 3 GiB heap out of memory), so one tenant's filter could exhaust the memory every tenant shares. Default false
    /// (the embedded server runs what mongod runs); <see cref="Untrusted"/> sets true.
    /// </summary>
    public bool RefuseNestedCounting { get; init; }
}
