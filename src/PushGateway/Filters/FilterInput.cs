using System.Text.Json;
using PushGateway.Query;

namespace PushGateway.Filters;

/// <summary>
/// Reads a filter from a JSON request: a JSON object is MQL; a string is MQL JSON text when it starts with <c>{</c>,
/// else the SQL WHERE dialect. The query engine does all parsing; this only picks the input form.
/// </summary>
internal static class FilterInput
{
    /// <summary>Longest filter text accepted, in characters (<see cref="PushGateway.Query.QueryLimits.MaxFilterLength"/>: 16,384).</summary>
    public static int MaxLength => GatewayFilter.Limits.MaxFilterLength;

    /// <summary>MongoDB's BadValue code, for input-shape errors found before the engine runs.</summary>
    private const int BadValue = 2;

    public static FilterCheck Parse(JsonElement? filter)
    {
        if (filter is not { } element || element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return new FilterCheck(null, Filter.MatchAll, null);
        }

        if (element.ValueKind is not (JsonValueKind.String or JsonValueKind.Object))
        {
            return Error(null, "The filter must be a JSON object (MQL) or a string (MQL JSON or SQL WHERE).");
        }

        string text;
        try
        {
            text = element.ValueKind == JsonValueKind.String ? element.GetString() ?? "" : element.GetRawText();
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json refuses to decode an escaped lone surrogate ("\ud800") into a string.
            return Error(null, "The filter string holds invalid Unicode (a lone UTF-16 surrogate escape such as \\ud800).");
        }

        if (text.Length > MaxLength)
        {
            return Error(text, $"The filter is longer than {MaxLength} characters.");
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return new FilterCheck(null, Filter.MatchAll, null);
        }

        var result = GatewayFilter.Parse(text);
        return new FilterCheck(text, result.Filter, result.Error);
    }

    private static FilterCheck Error(string? text, string message) => new(text, null, new QueryError(BadValue, "BadValue", message));
}
