namespace PushGateway.Webhooks.Api;

/// <summary>One POST: when, the status (null when no response came), how long, the first 4 KiB of the response, the error.</summary>
internal sealed record AttemptResponse(DateTime At, int? StatusCode, double DurationMs, string? ResponseExcerpt, string? Error);
