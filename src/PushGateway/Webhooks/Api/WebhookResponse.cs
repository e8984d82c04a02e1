using System.Text.Json.Serialization;

namespace PushGateway.Webhooks.Api;

/// <summary>A webhook subscription. <c>secret</c> appears only in the response to its creation.</summary>
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
