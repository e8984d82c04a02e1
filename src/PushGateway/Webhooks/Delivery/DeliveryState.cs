namespace PushGateway.Webhooks.Delivery;

/// <summary>States of a delivery row.</summary>
internal static class DeliveryState
{
    /// <summary>Waiting for <c>dueAt</c>; a leased row is still pending, with <c>dueAt</c> pushed to the lease's end.</summary>
    public const string Pending = "pending";

    public const string Succeeded = "succeeded";

    /// <summary>Retries exhausted, 410, or the subscription disabled: kept, listed, and re-queued by retry or recover.</summary>
    public const string Dead = "dead";
}
