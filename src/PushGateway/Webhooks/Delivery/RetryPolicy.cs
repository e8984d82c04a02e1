using Microsoft.Extensions.Options;

namespace PushGateway.Webhooks.Delivery;

/// <summary>
/// When to try a failed delivery again: the configured schedule (Standard Webhooks by default) with ±jitter, never
/// earlier than a 429/503 <c>Retry-After</c>; null once the schedule is exhausted (the delivery is dead).
/// </summary>
internal sealed class RetryPolicy(IOptions<WebhookOptions> options)
{
    /// <summary>The delay before the next attempt after failure number <paramref name="failures"/> (1-based), or null when dead.</summary>
    public TimeSpan? NextDelay(int failures, TimeSpan? retryAfter, double random)
    {
        var settings = options.Value;
        var schedule = settings.EffectiveRetrySchedule;
        if (failures < 1 || failures > schedule.Count)
        {
            return null;
        }

        var delay = schedule[failures - 1] * (1 + (settings.RetryJitter * ((2 * random) - 1)));
        if (retryAfter is { } honoured)
        {
            honoured = honoured > settings.MaxRetryAfter ? settings.MaxRetryAfter : honoured;
            delay = delay > honoured ? delay : honoured;
        }

        return delay;
    }
}
