namespace PushGateway.Webhooks.Delivery;

/// <summary>
/// Stored element names of <see cref="DeliveryRow"/> (camelCase, see <c>WebhookBson</c>), for the hot paths that build
/// their filters and updates as plain documents instead of translating lambda expressions on every call.
/// </summary>
internal static class DeliveryFields
{
    public const string Id = "_id";
    public const string State = "state";
    public const string DueAt = "dueAt";
    public const string LeaseToken = "leaseToken";
    public const string Attempts = "attempts";
    public const string Failures = "failures";
    public const string LastStatusCode = "lastStatusCode";
    public const string LastError = "lastError";
    public const string CompletedAt = "completedAt";
    public const string History = "history";
}
