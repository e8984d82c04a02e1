namespace PushGateway.Query;

/// <summary>
/// Checks filter text before any parser sees it: its length, lone surrogates, and (for JSON) its nesting depth — so
/// the parsers never meet input they could fail on with an exception or deep recursion. Errors are positioned.
/// </summary>
internal static class FilterTextGuard
{
    public static QueryError? Check(string text, QueryLimits limits, bool json)
    {
        if (text.Length > limits.MaxFilterLength)
        {
            return QueryErrorCodes.BadValueError($"filter is too long ({text.Length} > {limits.MaxFilterLength} characters)");
        }

        var surrogate = Utf16Text.FindLoneSurrogate(text);
        if (surrogate >= 0)
        {
            return Positioned(text, surrogate, $"invalid Unicode: a lone UTF-16 surrogate ({Utf16Text.Escape(text[surrogate])}) cannot be stored or matched");
        }

        return json ? CheckJsonDepth(text, limits.MaxJsonDepth) : null;
    }

    private static QueryError? CheckJsonDepth(string text, int maxDepth)
    {
        var depth = 0;
        var quote = '\0';
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote != '\0')
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == quote)
                {
                    quote = '\0';
                }

                continue;
            }

            switch (c)
            {
                case '"' or '\'':
                    quote = c;
                    break;
                case '{' or '[':
                    if (++depth > maxDepth)
                    {
                        return Positioned(text, i, $"JSON is nested more than {maxDepth} levels deep");
                    }

                    break;
                case '}' or ']':
                    depth--;
                    break;
            }
        }

        return null;
    }

    private static QueryError Positioned(string text, int offset, string message)
    {
        var (line, column, excerpt) = TextPosition.Locate(text, offset);
        excerpt = Utf16Text.Sanitize(excerpt);
        return new QueryError(QueryErrorCodes.FailedToParse, "FailedToParse", $"{message} at line {line}, column {column}", null, line, column, excerpt);
    }
}
