using System.Text.Json;
using System.Text.Json.Serialization;

namespace PushGateway.Webhooks.Api;

/// <summary>A webhook subscription as sent to <c>POST</c> and <c>PUT /api/webhooks</c>.</summary>
/// <param name="Url">Where events are POSTed: an absolute <c>https</c> URL (<c>http</c> only for hosts in <c>Webhooks:AllowedHosts</c>).</param>
/// <param name="Description">Free text, at most 500 characters.</param>
/// <param name="Collections">Watched collections (<c>db.coll</c>) whose events are delivered; 1 to 20.</param>
/// <param name="OperationTypes">Delivered operation types (<c>insert</c>, <c>update</c>, <c>replace</c>, <c>delete</c>); empty or absent = all.</param>
/// <param name="Filter">Optional filter over the change event: MQL as a JSON object or string, or the SQL WHERE dialect as a string.</param>
/// <param name="FullDocument">Include <c>fullDocument</c> (and the pre-image) in the payload. Default true.</param>
/// <param name="Fields">Only these dotted paths of the change event are sent in <c>data</c> (identifiers are always kept); at most 50.</param>
/// <param name="Headers">Extra request headers (names are HTTP tokens; <c>webhook-*</c>, <c>content-*</c> and hop-by-hop headers are reserved); at most 20.</param>
/// <param name="MaxPerSecond">Optional rate limit, deliveries per second (0.01 to 10,000).</param>
/// <param name="Ordered">Deliver one at a time, in event order. Default false.</param>
/// <param name="Enabled">Whether deliveries are made. Default true.</param>
/// <param name="TenantId">Admin tokens only: the tenant whose events are delivered; absent = every tenant.</param>
internal sealed record WebhookRequest(
    string? Url,
    string? Description,
    string[]? Collections,
    string[]? OperationTypes,
    JsonElement? Filter,
    bool? FullDocument,
    string[]? Fields,
    Dictionary<string, string>? Headers,
    double? MaxPerSecond,
    bool? Ordered,
    bool? Enabled,
    string? TenantId)
{
    /// <summary>Fields the API does not know; each is reported as an error.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; init; }
}
