namespace PushGateway.Webhooks.Api;

/// <summary>Re-queue the dead deliveries created at or after <c>since</c>.</summary>
/// <param name="Since">Re-queue dead deliveries created at or after this time (ISO 8601).</param>
internal sealed record RecoverRequest(DateTimeOffset? Since);
