using System.Collections.Concurrent;
using PushGateway.Query;

namespace PushGateway.Filters;

/// <summary>
/// How much filter-evaluation time each tenant may use: a token bucket per tenant, filled at
/// <see cref="TimePerSecond"/> up to <see cref="Burst"/>, drawn by every evaluation of that tenant's filters (hub and
/// webhooks alike). An event's budget is the smaller of <see cref="GatewayFilter.TenantTimePerEvent"/> and what is
/// left (CPU time of the evaluating thread where the platform tells it, so a busy machine does not make a
/// tenant's filters look expensive); a tenant whose bucket is empty gets an empty budget, so its filters count as no match
/// (<c>pushgateway.query.budget_exceeded</c>, and one warning per tenant a minute) until the bucket refills: for
/// webhooks too, such events are not delivered — the price of a tenant's filters costing more than its share. Without it a tenant could spend its per-event
/// limit on every one of its own writes and so take a whole core however cheap each event is kept.
/// </summary>
internal sealed class TenantFilterClock(TimeProvider time, ILogger<TenantFilterClock> logger)
{
    /// <summary>Evaluation time a tenant earns per second: 200 ms (a fifth of one core).</summary>
    public static readonly TimeSpan TimePerSecond = TimeSpan.FromMilliseconds(200);

    /// <summary>The most a tenant can save up: 500 ms.</summary>
    public static readonly TimeSpan Burst = TimeSpan.FromMilliseconds(500);

    /// <summary>Above this many tenants, buckets that are full again (they hold no state) are swept out.</summary>
    internal const int SweepAbove = 10_000;

    // Tenant ids also come from documents (the webhook matcher), so the map is swept rather than left to grow.
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private int _sweeping;

    /// <summary>Tenants with a bucket (for tests and diagnostics).</summary>
    internal int TenantCount => _buckets.Count;

    /// <summary>A budget for all of <paramref name="tenant"/>'s filters on one event; dispose it afterwards to charge the time spent.</summary>
    public TenantEvaluation Begin(string tenant)
    {
        if (_buckets.Count > SweepAbove)
        {
            Sweep();
        }

        var bucket = _buckets.GetOrAdd(tenant, static (_, now) => new Bucket(now), time.GetTimestamp());
        var left = bucket.Available(time);
        if (left <= TimeSpan.Zero && bucket.ShouldWarn(time))
        {
            FiltersLog.TenantTimeSpent(logger, tenant, TimePerSecond.TotalMilliseconds);
        }

        var budget = left <= TimeSpan.Zero
            ? new EvaluationBudget(0)
            : new EvaluationBudget(GatewayFilter.TenantWorkPerEvent, left < GatewayFilter.TenantTimePerEvent ? left : GatewayFilter.TenantTimePerEvent);
        return new TenantEvaluation(bucket, budget);
    }

    /// <summary>Drops the buckets that have refilled: a new one for the same tenant starts full, so nothing is lost.</summary>
    private void Sweep()
    {
        if (Interlocked.Exchange(ref _sweeping, 1) == 1)
        {
            return;
        }

        try
        {
            foreach (var (tenant, bucket) in _buckets)
            {
                if (bucket.Available(time) >= Burst)
                {
                    _buckets.TryRemove(new KeyValuePair<string, Bucket>(tenant, bucket));
                }
            }
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }
    }

    /// <summary>One tenant's bucket; its own lock (tenants do not contend with each other).</summary>
    internal sealed class Bucket(long now)
    {
        private readonly Lock _lock = new();
        private TimeSpan _tokens = Burst;
        private long _updated = now;
        private long _warned;

        public TimeSpan Available(TimeProvider time)
        {
            lock (_lock)
            {
                var now = time.GetTimestamp();
                var earned = TimeSpan.FromTicks((long)(time.GetElapsedTime(_updated, now).Ticks * (TimePerSecond.TotalSeconds)));
                _tokens = _tokens + earned > Burst ? Burst : _tokens + earned;
                _updated = now;
                return _tokens;
            }
        }

        /// <summary>True at most once a minute: the caller logs that the tenant ran dry.</summary>
        public bool ShouldWarn(TimeProvider time)
        {
            lock (_lock)
            {
                var now = time.GetTimestamp();
                if (_warned != 0 && time.GetElapsedTime(_warned, now) < TimeSpan.FromMinutes(1))
                {
                    return false;
                }

                _warned = now;
                return true;
            }
        }

        public void Charge(TimeSpan spent)
        {
            lock (_lock)
            {
                _tokens -= spent;
            }
        }
    }
}
