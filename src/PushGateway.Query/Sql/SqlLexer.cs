using System.Text;

namespace PushGateway.Query.Sql;

/// <summary>
/// Splits SQL text into tokens. Strings are single-quoted with <c>''</c> or <c>\'</c> for a quote,
/// <c>\\</c>, <c>\n</c>, <c>\t</c>, <c>\r</c>; any other backslash pair is kept as written so LIKE
/// escapes (<c>\%</c>, <c>\_</c>) reach the pattern. Identifiers may be quoted with "..." or `...`.
/// </summary>
internal static class SqlLexer
{
    public static List<SqlToken> Tokenize(string text)
    {
        var tokens = new List<SqlToken>();
        var i = 0;
        while (true)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i + 1 < text.Length && text[i] == '-' && text[i + 1] == '-')
            {
                // Line comment.
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }

                continue;
            }

            if (i >= text.Length)
            {
                tokens.Add(new SqlToken(SqlTokenKind.End, string.Empty, string.Empty, text.Length));
                return tokens;
            }

            var start = i;
            var c = text[i];
            if (char.IsLetter(c) || c == '_' || c == '$')
            {
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_' || text[i] == '$'))
                {
                    i++;
                }

                var word = text[start..i];
                tokens.Add(new SqlToken(SqlTokenKind.Identifier, word, word, start));
            }
            else if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]) && !PreviousIsPathEnd(tokens)))
            {
                i = ScanNumber(text, i);
                var number = text[start..i];
                tokens.Add(new SqlToken(SqlTokenKind.Number, number, number, start));
            }
            else if (c == '\'')
            {
                if (!TryScanString(text, ref i, out var value))
                {
                    tokens.Add(new SqlToken(SqlTokenKind.Invalid, text[start..], "unterminated string", start));
                    tokens.Add(new SqlToken(SqlTokenKind.End, string.Empty, string.Empty, text.Length));
                    return tokens;
                }

                tokens.Add(new SqlToken(SqlTokenKind.String, text[start..i], value, start));
            }
            else if (c is '"' or '`')
            {
                if (!TryScanQuoted(text, ref i, c, out var value))
                {
                    tokens.Add(new SqlToken(SqlTokenKind.Invalid, text[start..], "unterminated quoted identifier", start));
                    tokens.Add(new SqlToken(SqlTokenKind.End, string.Empty, string.Empty, text.Length));
                    return tokens;
                }

                tokens.Add(new SqlToken(SqlTokenKind.QuotedIdentifier, text[start..i], value, start));
            }
            else
            {
                var two = i + 1 < text.Length ? text.Substring(i, 2) : string.Empty;
                if (two is "!=" or "<>" or "<=" or ">=" or "==")
                {
                    i += 2;
                    tokens.Add(new SqlToken(SqlTokenKind.Symbol, two == "==" ? "=" : two, two, start));
                }
                else if (c is '=' or '<' or '>' or '(' or ')' or ',' or '.' or '[' or ']' or '-' or '+')
                {
                    i++;
                    tokens.Add(new SqlToken(SqlTokenKind.Symbol, c.ToString(), c.ToString(), start));
                }
                else
                {
                    tokens.Add(new SqlToken(SqlTokenKind.Invalid, c.ToString(), "unexpected character", start));
                    tokens.Add(new SqlToken(SqlTokenKind.End, string.Empty, string.Empty, text.Length));
                    return tokens;
                }
            }
        }
    }

    // "a.5" must lex as path a, '.', then a component; only a leading '.' after an operator starts a number.
    private static bool PreviousIsPathEnd(List<SqlToken> tokens) =>
        tokens.Count > 0 && (tokens[^1].Kind is SqlTokenKind.Identifier or SqlTokenKind.QuotedIdentifier || tokens[^1].IsSymbol("]"));

    private static int ScanNumber(string text, int i)
    {
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        if (i < text.Length && text[i] == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]))
        {
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
        }

        if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
        {
            var j = i + 1;
            if (j < text.Length && (text[j] == '+' || text[j] == '-'))
            {
                j++;
            }

            if (j < text.Length && char.IsAsciiDigit(text[j]))
            {
                i = j;
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                {
                    i++;
                }
            }
        }

        return i;
    }

    private static bool TryScanString(string text, ref int i, out string value)
    {
        var builder = new StringBuilder();
        i++;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\'')
            {
                if (i + 1 < text.Length && text[i + 1] == '\'')
                {
                    builder.Append('\'');
                    i += 2;
                    continue;
                }

                i++;
                value = builder.ToString();
                return true;
            }

            if (c == '\\' && i + 1 < text.Length)
            {
                var next = text[i + 1];
                switch (next)
                {
                    case '\'':
                        builder.Append('\'');
                        break;
                    case '\\':
                        builder.Append('\\');
                        break;
                    case 'n':
                        builder.Append('\n');
                        break;
                    case 't':
                        builder.Append('\t');
                        break;
                    case 'r':
                        builder.Append('\r');
                        break;
                    default:
                        builder.Append('\\').Append(next);
                        break;
                }

                i += 2;
                continue;
            }

            builder.Append(c);
            i++;
        }

        value = string.Empty;
        return false;
    }

    private static bool TryScanQuoted(string text, ref int i, char quote, out string value)
    {
        var builder = new StringBuilder();
        i++;
        while (i < text.Length)
        {
            if (text[i] == quote)
            {
                if (i + 1 < text.Length && text[i + 1] == quote)
                {
                    builder.Append(quote);
                    i += 2;
                    continue;
                }

                i++;
                value = builder.ToString();
                return true;
            }

            builder.Append(text[i]);
            i++;
        }

        value = string.Empty;
        return false;
    }
}
