namespace PushGateway.Webhooks.Api;

/// <summary>How many dead deliveries were re-queued.</summary>
internal sealed record RecoverResponse(long Requeued);
