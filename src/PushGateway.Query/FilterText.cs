namespace PushGateway.Query;

/// <summary>Parses filter text in either language: text starting with '{' is MQL JSON, other text is SQL, blank text matches all.</summary>
public static class FilterText
{
    /// <summary>Parses <paramref name="text"/> as MQL JSON or SQL, chosen by its first non-blank character.</summary>
    public static FilterParseResult Parse(string text, QueryLimits? limits = null)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return FilterParseResult.Success(Filter.MatchAll);
        }

        return text.TrimStart().StartsWith('{')
            ? MqlFilter.ParseJson(text, limits)
            : SqlFilter.Parse(text, limits);
    }
}
