namespace PushGateway.Webhooks.Api;

/// <summary>How many dead deliveries were re-queued.</summary>
/// <param name="Requeued">How many dead deliveries were re-queued.</param>
internal sealed record RecoverResponse(long Requeued);
