namespace PushGateway.Webhooks.Api;

/// <summary>The result of a signed <c>webhook.test</c> ping.</summary>
/// <param name="Success">True when the receiver answered 2xx.</param>
/// <param name="WebhookId">The <c>webhook-id</c> the ping was sent with.</param>
/// <param name="StatusCode">The HTTP status answered; null when no response came.</param>
/// <param name="DurationMs">How long the POST took, in milliseconds.</param>
/// <param name="ResponseExcerpt">The first 4 KiB of the response body.</param>
/// <param name="Error">Why no response came; null otherwise.</param>
internal sealed record TestResponse(bool Success, string WebhookId, int? StatusCode, double DurationMs, string? ResponseExcerpt, string? Error);
