using System.Text.Json;
using PushGateway.Query;

namespace PushGateway.Filters;

/// <summary>
/// Reads a filter from a JSON request: a JSON object is MQL; a string is MQL JSON text when it starts with <c>{</c>,
/// else the SQL WHERE dialect. The query engine does all parsing; this only picks the input form.
/// </summary>
internal static class FilterInput
{
    /// <summary>Longest filter text accepted, in characters.</summary>
    public const int MaxLength = 16 * 1024;

    /// <summary>MongoDB's BadValue code, for input-shape errors found before the engine runs.</summary>
    private const int BadValue = 2;

    public static FilterCheck Parse(JsonElement? filter)
    {
        if (filter is not { } element || element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return new FilterCheck(null, Filter.MatchAll, null);
        }

        var text = element.ValueKind switch
        {
            JsonValueKind.String => element.GetString() ?? "",
            JsonValueKind.Object => element.GetRawText(),
            _ => null,
        };

        if (text is null)
        {
            return Error(null, "The filter must be a JSON object (MQL) or a string (MQL JSON or SQL WHERE).");
        }

        if (text.Length > MaxLength)
        {
            return Error(text, $"The filter is longer than {MaxLength} characters.");
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return new FilterCheck(null, Filter.MatchAll, null);
        }

        var result = FilterText.Parse(text);
        return new FilterCheck(text, result.Filter, result.Error);
    }

    private static FilterCheck Error(string? text, string message) => new(text, null, new QueryError(BadValue, "BadValue", message));
}
