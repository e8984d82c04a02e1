using System.Collections.Concurrent;

namespace PushGateway.Webhooks.Delivery;

/// <summary>
/// Per-subscription concurrency caps and optional rate limits (token buckets) within this instance. With several
/// instances each applies its own limit.
/// </summary>
internal sealed class SubscriptionThrottle(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _slots = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TokenBucket> _buckets = new(StringComparer.Ordinal);

    public SemaphoreSlim SlotsFor(string subscriptionId, int concurrency) =>
        _slots.GetOrAdd(subscriptionId, _ => new SemaphoreSlim(concurrency, concurrency));

    /// <summary>Takes a token when the subscription is rate limited; otherwise the wait until one is available.</summary>
    public TimeSpan TryTake(string subscriptionId, double? perSecond)
    {
        if (perSecond is not > 0)
        {
            return TimeSpan.Zero;
        }

        var bucket = _buckets.GetOrAdd(subscriptionId, _ => new TokenBucket(perSecond.Value, time.GetTimestamp()));
        return bucket.TryTake(perSecond.Value, time.GetTimestamp(), time.TimestampFrequency);
    }

    private sealed class TokenBucket(double rate, long now)
    {
        private double _tokens = Math.Max(1, rate);
        private readonly Lock _lock = new();
        private long _last = now;

        public TimeSpan TryTake(double rate, long now, long frequency)
        {
            lock (_lock)
            {
                var burst = Math.Max(1, rate);
                _tokens = Math.Min(burst, _tokens + ((now - _last) / (double)frequency * rate));
                _last = now;
                if (_tokens >= 1)
                {
                    _tokens -= 1;
                    return TimeSpan.Zero;
                }

                return TimeSpan.FromSeconds((1 - _tokens) / rate);
            }
        }
    }
}
