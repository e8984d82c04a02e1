namespace PushGateway.Webhooks.Api;

/// <summary>Re-queue the dead deliveries created at or after <c>since</c>.</summary>
internal sealed record RecoverRequest(DateTimeOffset? Since);
