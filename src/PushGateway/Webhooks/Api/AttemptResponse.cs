namespace PushGateway.Webhooks.Api;

/// <summary>One POST: when, the status (null when no response came), how long, the first 4 KiB of the response, the error.</summary>
/// <param name="At">When the POST started (UTC).</param>
/// <param name="StatusCode">The HTTP status answered; null when no response came.</param>
/// <param name="DurationMs">How long the POST took, in milliseconds.</param>
/// <param name="ResponseExcerpt">The first 4 KiB of the response body.</param>
/// <param name="Error">Why no response came (timeout, refused, blocked destination); null otherwise.</param>
internal sealed record AttemptResponse(DateTime At, int? StatusCode, double DurationMs, string? ResponseExcerpt, string? Error);
