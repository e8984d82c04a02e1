using PushGateway.Webhooks.Delivery;
using PushGateway.Webhooks.Subscriptions;

namespace PushGateway.Webhooks.Api;

/// <summary>Stored documents to API responses. Header values are masked: they often carry credentials.</summary>
internal static class WebhookMapper
{
    public const string MaskedValue = "********";

    public static WebhookResponse ToResponse(this WebhookSubscription s, string? secret = null) => new(
        s.Id,
        s.TenantId,
        s.Url,
        s.Description,
        [.. s.Collections],
        [.. s.OperationTypes],
        s.Filter,
        s.FullDocument,
        [.. s.Fields],
        s.Headers.ToDictionary(h => h.Key, _ => MaskedValue, StringComparer.OrdinalIgnoreCase),
        s.MaxPerSecond,
        s.Ordered,
        s.Enabled,
        s.DisabledReason,
        s.CreatedAt,
        s.UpdatedAt,
        s.FailingSince,
        s.LastSuccessAt)
    {
        Secret = secret,
    };

    public static DeliveryResponse ToResponse(this DeliveryRow r) => new(
        r.Id,
        r.EventId,
        r.Type,
        r.Collection,
        r.State,
        r.EventTime,
        r.CreatedAt,
        r.State == DeliveryState.Pending ? r.DueAt : null,
        r.Attempts,
        r.LastStatusCode,
        r.LastError,
        r.CompletedAt,
        [.. r.History.AsEnumerable().Reverse().Select(a => new AttemptResponse(a.At, a.StatusCode, a.DurationMs, a.ResponseExcerpt, a.Error))]);
}
