using System.Text.Json;

namespace PushGateway.Filters;

/// <summary>A filter to check and, optionally, a sample change event to evaluate it against.</summary>
/// <param name="Filter">MQL as a JSON object or string, or the SQL WHERE dialect as a string.</param>
/// <param name="Event">A change event as the gateway produces it (<c>operationType</c>, <c>ns</c>, <c>documentKey</c>, <c>fullDocument</c>, ...); Extended JSON is accepted.</param>
internal sealed record FilterValidationRequest(JsonElement? Filter, JsonElement? Event);
