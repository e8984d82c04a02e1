using System.Text.Json;
using PushGateway.Webhooks.Subscriptions;

namespace PushGateway.Webhooks.Api;

/// <summary>PATCH semantics: present fields replace the stored ones, absent (or null) fields keep them.</summary>
internal static class WebhookPatch
{
    public static WebhookRequest Merge(WebhookSubscription stored, WebhookRequest patch) =>
        new(
            patch.Url ?? stored.Url,
            patch.Description ?? stored.Description,
            patch.Collections ?? [.. stored.Collections],
            patch.OperationTypes ?? [.. stored.OperationTypes],
            patch.Filter ?? (stored.Filter is null ? null : JsonSerializer.SerializeToElement(stored.Filter)),
            patch.FullDocument ?? stored.FullDocument,
            patch.Fields ?? [.. stored.Fields],
            patch.Headers ?? stored.Headers,
            patch.MaxPerSecond ?? stored.MaxPerSecond,
            patch.Ordered ?? stored.Ordered,
            patch.Enabled,
            patch.TenantId)
        {
            Unknown = patch.Unknown,
        };
}
