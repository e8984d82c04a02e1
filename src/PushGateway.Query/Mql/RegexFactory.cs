using System.Globalization;
using System.Text.RegularExpressions;
using PushGateway.Query.Ast;

namespace PushGateway.Query.Mql;

/// <summary>
/// Compiles MongoDB (PCRE) regexes to .NET ones, always with <see cref="RegexOptions.NonBacktracking"/>: matching
/// time is linear in the input, so no pattern can stall the evaluation of events and no wall-clock timeout (which
/// would also fire when a thread is merely descheduled) is needed. Patterns that engine cannot run —
/// backreferences, lookarounds, atomic groups, possessive quantifiers, conditionals — are refused with the construct
/// and its position under untrusted limits (a deliberate difference from MongoDB); trusted callers run them on the
/// backtracking engine with <see cref="QueryLimits.BacktrackingRegexTimeout"/>. Untrusted limits add a match timeout as a backstop for
/// the lazy automaton construction (see <see cref="QueryLimits.RegexMatchTimeout"/>).
/// </summary>
internal static class RegexFactory
{
    // The engine's matcher is generic over its state representation (up to 64 character classes, or more); JIT both
    // once here, at the first parse, rather than in the first evaluation, where it would eat a match timeout.
    static RegexFactory()
    {
        new Regex("a[bc]+d", RegexOptions.NonBacktracking).IsMatch("xabcbd");
        new Regex(string.Concat(Enumerable.Range(0, 80).Select(i => "(" + Regex.Escape(((char)('0' + i)).ToString()) + ")?")), RegexOptions.NonBacktracking).IsMatch("012");
    }

    public static bool TryCreate(string pattern, string options, QueryLimits limits, string path, out RegexPredicate? result, out QueryError? error)
    {
        result = null;
        if (pattern.Length > limits.MaxPatternLength)
        {
            error = QueryErrorCodes.BadValueError($"regular expression is too long ({pattern.Length} > {limits.MaxPatternLength} characters)", path);
            return false;
        }

        var regexOptions = RegexOptions.CultureInvariant;
        foreach (var flag in options)
        {
            switch (flag)
            {
                case 'i':
                    regexOptions |= RegexOptions.IgnoreCase;
                    break;
                case 'm':
                    regexOptions |= RegexOptions.Multiline;
                    break;
                case 's':
                    regexOptions |= RegexOptions.Singleline;
                    break;
                case 'x':
                    regexOptions |= RegexOptions.IgnorePatternWhitespace;
                    break;
                case 'u':
                    // PCRE's UTF mode: .NET strings are always Unicode.
                    break;
                default:
                    error = QueryErrorCodes.Location(QueryErrorCodes.InvalidRegexOptions, $"invalid flag in regex options: {flag}", path);
                    return false;
            }
        }

        var shape = RegexShapeReader.Read(pattern, extended: (regexOptions & RegexOptions.IgnorePatternWhitespace) != 0);
        if (shape.Unsupported is { } construct)
        {
            if (limits.BacktrackingRegexTimeout is { } timeout)
            {
                return TryCreateBacktracking(pattern, options, regexOptions, timeout, path, out result, out error);
            }

            error = Unsupported(pattern, $"uses {construct} at character {shape.Position.ToString(CultureInfo.InvariantCulture)}", path);
            return false;
        }

        if (limits.RefuseNestedCounting && shape.NestedCountingPosition > 0)
        {
            error = QueryErrorCodes.BadValueError(
                $"regular expression /{Shorten(pattern)}/ repeats the group at character {shape.NestedCountingPosition.ToString(CultureInfo.InvariantCulture)}, "
                + "which holds both an unbounded repetition (*, + or {n,}) and a counted one ({n} or {n,m}): the linear-time "
                + "engine's automaton for such a pattern grows without bound. Write the repetition out, drop the counted part, "
                + "or move it out of the repeated group (a deliberate difference from MongoDB)",
                path);
            return false;
        }

        try
        {
            var regex = new Regex(pattern, regexOptions | RegexOptions.NonBacktracking, limits.RegexMatchTimeout);
            result = new RegexPredicate(pattern, options, regex, WorkPerCharacter(shape.ExpandedSize));
            error = null;
            return true;
        }
        catch (NotSupportedException ex) when (ex.Message.Contains("automata", StringComparison.OrdinalIgnoreCase))
        {
            error = Unsupported(pattern, "is too complex for the linear-time engine (its automaton would be too large; use fewer or smaller counted repetitions such as {n,m})", path);
            return false;
        }
        catch (NotSupportedException)
        {
            if (limits.BacktrackingRegexTimeout is { } timeout)
            {
                return TryCreateBacktracking(pattern, options, regexOptions, timeout, path, out result, out error);
            }

            error = Unsupported(pattern, "uses a construct the linear-time engine cannot run", path);
            return false;
        }
        catch (ArgumentException ex)
        {
            error = QueryErrorCodes.Location(QueryErrorCodes.InvalidRegex, "Regular expression is invalid: " + ex.Message, path);
            return false;
        }
    }

    /// <summary>Trusted callers only (the embedded server): mongod runs these patterns, so they run with a match timeout.</summary>
    private static bool TryCreateBacktracking(string pattern, string options, RegexOptions regexOptions, TimeSpan timeout, string path, out RegexPredicate? result, out QueryError? error)
    {
        try
        {
            result = new RegexPredicate(pattern, options, new Regex(pattern, regexOptions, timeout), WorkPerCharacter(pattern.Length));
            error = null;
            return true;
        }
        catch (ArgumentException ex)
        {
            result = null;
            error = QueryErrorCodes.Location(QueryErrorCodes.InvalidRegex, "Regular expression is invalid: " + ex.Message, path);
            return false;
        }
    }

    /// <summary>
    /// Evaluation work charged per input character: the non-backtracking engine's cost per character grows with the
    /// automaton, which the expanded pattern size bounds. See <see cref="QueryLimits.MaxEvaluationWork"/>.
    /// </summary>
    internal static int WorkPerCharacter(long expandedSize) => (int)Math.Min(2 + (expandedSize / 8), 1 << 20);

    private static QueryError Unsupported(string pattern, string what, string path) => QueryErrorCodes.BadValueError(
        $"regular expression /{Shorten(pattern)}/ {what}. Only patterns that match in linear time are accepted: "
        + "backreferences, lookarounds, atomic groups, possessive quantifiers, conditionals and \\G are not supported "
        + "(a deliberate difference from MongoDB)",
        path);

    private static string Shorten(string pattern) => pattern.Length <= 80 ? pattern : pattern[..77] + "...";
}
