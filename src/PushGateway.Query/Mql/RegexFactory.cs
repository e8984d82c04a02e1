using System.Text.RegularExpressions;
using PushGateway.Query.Ast;

namespace PushGateway.Query.Mql;

/// <summary>
/// Compiles MongoDB (PCRE) regexes to .NET ones. The non-backtracking engine is preferred because
/// its matching time is linear in the input (and it then needs no timeout); patterns it cannot run
/// (backreferences, lookarounds, atomic groups) fall back to the backtracking engine with a match timeout.
/// </summary>
internal static class RegexFactory
{
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

        try
        {
            Regex regex;
            try
            {
                // Linear in the input, so no timeout: a wall-clock timeout would also fire when the
                // thread is merely descheduled on a busy machine, turning matches into misses at random.
                regex = new Regex(pattern, regexOptions | RegexOptions.NonBacktracking, Regex.InfiniteMatchTimeout);
            }
            catch (NotSupportedException)
            {
                regex = new Regex(pattern, regexOptions, limits.RegexTimeout);
            }

            result = new RegexPredicate(pattern, options, regex);
            error = null;
            return true;
        }
        catch (ArgumentException ex)
        {
            error = QueryErrorCodes.Location(QueryErrorCodes.InvalidRegex, "Regular expression is invalid: " + ex.Message, path);
            return false;
        }
    }
}
