using System.Text.Json.Serialization;

namespace PushGateway.Webhooks.Api;

/// <summary>A webhook subscription. <c>secret</c> appears only in the response to its creation.</summary>
/// <param name="Id">The subscription id (<c>wh_...</c>).</param>
/// <param name="TenantId">The tenant whose events are delivered; null = every tenant (admin subscriptions).</param>
/// <param name="Url">Where events are POSTed.</param>
/// <param name="Description">Free text.</param>
/// <param name="Collections">Watched collections (<c>db.coll</c>) whose events are delivered.</param>
/// <param name="OperationTypes">Delivered operation types; empty = all.</param>
/// <param name="Filter">The filter as sent (MQL JSON or SQL WHERE); null = every event.</param>
/// <param name="FullDocument">Whether <c>fullDocument</c> (and the pre-image) are in the payload.</param>
/// <param name="Fields">Only these dotted paths of the change event are sent; empty = all.</param>
/// <param name="Headers">Extra request headers; values are masked.</param>
/// <param name="MaxPerSecond">Rate limit in deliveries per second; null = none.</param>
/// <param name="Ordered">Deliveries are made one at a time, in event order.</param>
/// <param name="Enabled">Whether deliveries are made.</param>
/// <param name="DisabledReason">Why the gateway disabled it (e.g. the receiver answered 410); null when enabled or disabled by a user.</param>
/// <param name="CreatedAt">Creation time (UTC).</param>
/// <param name="UpdatedAt">Last change (UTC).</param>
/// <param name="FailingSince">Start of the current run of failed attempts; null when the last attempt succeeded.</param>
/// <param name="LastSuccessAt">Time of the last successful delivery; null when none yet.</param>
internal sealed record WebhookResponse(
    string Id,
    string? TenantId,
    string Url,
    string? Description,
    string[] Collections,
    string[] OperationTypes,
    string? Filter,
    bool FullDocument,
    string[] Fields,
    IReadOnlyDictionary<string, string> Headers,
    double? MaxPerSecond,
    bool Ordered,
    bool Enabled,
    string? DisabledReason,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime? FailingSince,
    DateTime? LastSuccessAt)
{
    /// <summary>The signing secret (<c>whsec_...</c>); returned only when the subscription is created.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Secret { get; init; }

    /// <summary>Hints about the filter (e.g. a path outside the change event); only in create/update responses, when there are any.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Warnings { get; init; }
}
