namespace PushGateway.Query.Mql;

/// <summary>
/// A light scan of a (.NET syntax) pattern that finds constructs the non-backtracking engine cannot run —
/// backreferences, lookarounds, atomic groups, conditionals, balancing groups, possessive quantifiers — so that the
/// error can name the construct and where it is, and that estimates the automaton size from counted repetitions.
/// It does not validate the pattern; the regex constructor does.
/// </summary>
internal static class RegexShapeReader
{
    private const long SizeCap = 1L << 40;

    public static RegexShape Read(string pattern, bool extended)
    {
        // One frame per open group: the size of what the group holds so far, and of the last atom (for quantifiers);
        // and which repetitions it holds (Unbounded: *, +, {n,}; Counted: {n} or {n,m} with n or m > 1), with its start.
        var totals = new Stack<(long Total, long Last, Repetitions Held, Repetitions LastGroup, int Start)>();
        long total = 0, last = 0;
        var held = Repetitions.None;
        var lastGroup = Repetitions.None; // what the last atom holds, when it is a group
        var groupStart = 0;
        var lastGroupStart = 0;
        var nestedCounting = 0;
        var lastWasQuantifier = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            var position = i + 1;
            switch (c)
            {
                case '\\':
                    if (Escape(pattern, i) is { } unsupported)
                    {
                        return new RegexShape(unsupported, position, 0);
                    }

                    i = Math.Min(i + 1, pattern.Length - 1);
                    Atom(1);
                    continue;
                case '[':
                    i = SkipClass(pattern, i);
                    Atom(1);
                    continue;
                case '(':
                    if (Group(pattern, i) is { } group)
                    {
                        return new RegexShape(group, position, 0);
                    }

                    if (pattern.AsSpan(i).StartsWith("(?#"))
                    {
                        var end = pattern.IndexOf(')', i);
                        i = end < 0 ? pattern.Length : end;
                        continue;
                    }

                    totals.Push((total, last, held, lastGroup, groupStart));
                    (total, last, held, lastGroup, groupStart) = (0, 0, Repetitions.None, Repetitions.None, position);
                    lastWasQuantifier = false;
                    continue;
                case ')':
                    if (totals.Count > 0)
                    {
                        var inner = Math.Max(total, 1);
                        var innerHeld = held;
                        var innerStart = groupStart;
                        (total, last, held, _, groupStart) = totals.Pop();
                        Atom(inner);
                        held |= innerHeld;
                        lastGroup = innerHeld;
                        lastGroupStart = innerStart;
                    }

                    continue;
                case '*' or '+' or '?':
                    if (lastWasQuantifier && c == '+')
                    {
                        return new RegexShape("a possessive quantifier (+ after a quantifier)", position, 0);
                    }

                    if (lastWasQuantifier && c == '?')
                    {
                        continue; // lazy
                    }

                    // x+ is built as x x*: one more copy of the atom.
                    Repeat(c == '+' ? 2 : 1);
                    Quantified(c == '?' ? Repetitions.None : Repetitions.Unbounded);
                    lastWasQuantifier = true;
                    continue;
                case '{' when TryCount(pattern, i, out var factor, out var close):
                    if (close + 1 < pattern.Length && pattern[close + 1] == '+')
                    {
                        return new RegexShape("a possessive quantifier (+ after a quantifier)", close + 2, 0);
                    }

                    Repeat(factor);
                    Quantified(IsUnbounded(pattern, close) ? Repetitions.Unbounded : factor > 1 ? Repetitions.Counted : Repetitions.None);
                    i = close;
                    lastWasQuantifier = true;
                    continue;
                case '#' when extended:
                    var newline = pattern.IndexOf('\n', i);
                    i = newline < 0 ? pattern.Length : newline;
                    continue;
                case ' ' or '\t' or '\n' or '\r' when extended:
                    continue;
                case '|':
                    last = 0;
                    lastGroup = Repetitions.None;
                    lastWasQuantifier = false;
                    continue;
                default:
                    Atom(1);
                    continue;
            }
        }

        while (totals.Count > 0)
        {
            var inner = total;
            (total, last, _, _, _) = totals.Pop();
            total = Add(total, inner);
        }

        return new RegexShape(null, 0, Math.Max(total, 1), nestedCounting);

        void Atom(long size)
        {
            total = Add(total, size);
            last = size;
            lastGroup = Repetitions.None;
            lastWasQuantifier = false;
        }

        // A quantifier applied to the last atom: a repeated group holding both kinds of repetition is the shape that
        // makes the automaton grow without bound.
        void Quantified(Repetitions kind)
        {
            if (kind != Repetitions.None && lastGroup == (Repetitions.Unbounded | Repetitions.Counted) && nestedCounting == 0)
            {
                nestedCounting = lastGroupStart;
            }

            held |= kind;
            lastGroup = Repetitions.None;
        }

        void Repeat(long factor)
        {
            var grown = Multiply(last, factor);
            total = Add(total, grown - last);
            last = grown;
        }
    }

    private static bool IsUnbounded(string pattern, int close) => pattern[close - 1] == ',';

    private static long Add(long a, long b) => Math.Min(SizeCap, a + b);

    private static long Multiply(long a, long b) => a == 0 || b == 0 ? 0 : a > SizeCap / b ? SizeCap : a * b;

    private static string? Escape(string pattern, int i)
    {
        if (i + 1 >= pattern.Length)
        {
            return null;
        }

        var next = pattern[i + 1];
        return next switch
        {
            >= '1' and <= '9' => $"a backreference (\\{next})",
            'k' => "a named backreference (\\k)",
            'G' => "the \\G anchor",
            _ => null,
        };
    }

    private static string? Group(string pattern, int i)
    {
        var rest = pattern.AsSpan(i);
        if (rest.StartsWith("(?=") || rest.StartsWith("(?!"))
        {
            return "a lookahead (" + rest[..3].ToString() + ")";
        }

        if (rest.StartsWith("(?<=") || rest.StartsWith("(?<!"))
        {
            return "a lookbehind (" + rest[..4].ToString() + ")";
        }

        if (rest.StartsWith("(?>"))
        {
            return "an atomic group ((?>)";
        }

        if (rest.StartsWith("(?("))
        {
            return "a conditional ((?()";
        }

        if ((rest.StartsWith("(?<") || rest.StartsWith("(?'")) && IsBalancingGroup(rest))
        {
            return "a balancing group";
        }

        return null;
    }

    private static bool IsBalancingGroup(ReadOnlySpan<char> rest)
    {
        var close = rest[2] == '<' ? '>' : '\'';
        var end = rest[3..].IndexOf(close);
        return end > 0 && rest.Slice(3, end).Contains('-');
    }

    private static int SkipClass(string pattern, int i)
    {
        var j = i + 1;
        if (j < pattern.Length && pattern[j] == '^')
        {
            j++;
        }

        if (j < pattern.Length && pattern[j] == ']')
        {
            j++;
        }

        for (; j < pattern.Length; j++)
        {
            if (pattern[j] == '\\')
            {
                j++;
            }
            else if (pattern[j] == ']')
            {
                return j;
            }
        }

        return pattern.Length - 1;
    }

    /// <summary>Reads <c>{n}</c>, <c>{n,}</c> or <c>{n,m}</c>; the factor is the largest count the automaton unrolls.</summary>
    private static bool TryCount(string pattern, int i, out long factor, out int close)
    {
        factor = 0;
        close = pattern.IndexOf('}', i);
        if (close < 0)
        {
            return false;
        }

        var body = pattern.AsSpan(i + 1, close - i - 1);
        var comma = body.IndexOf(',');
        var low = comma < 0 ? body : body[..comma];
        var high = comma < 0 ? body : body[(comma + 1)..];
        if (!long.TryParse(low, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var min))
        {
            return false;
        }

        if (high.IsEmpty)
        {
            factor = Math.Max(min + 1, 1);
            return true;
        }

        if (!long.TryParse(high, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var max))
        {
            return false;
        }

        factor = Math.Max(Math.Max(min, max), 1);
        return true;
    }

    [Flags]
    private enum Repetitions
    {
        None = 0,
        Unbounded = 1,
        Counted = 2,
    }
}
