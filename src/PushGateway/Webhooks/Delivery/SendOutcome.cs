namespace PushGateway.Webhooks.Delivery;

/// <summary>What one POST produced: a status (with its <c>Retry-After</c>) or, when no response came, an error.</summary>
internal sealed record SendOutcome(int? StatusCode, TimeSpan Duration, string? ResponseExcerpt, string? Error, TimeSpan? RetryAfter)
{
    public bool IsSuccess => StatusCode is >= 200 and < 300;
}
