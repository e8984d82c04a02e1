namespace PushGateway.Webhooks.Api;

/// <summary>The result of a signed <c>webhook.test</c> ping.</summary>
internal sealed record TestResponse(bool Success, string WebhookId, int? StatusCode, double DurationMs, string? ResponseExcerpt, string? Error);
