using System.ComponentModel.DataAnnotations;

namespace PushGateway.Webhooks;

/// <summary>Webhook delivery settings (<c>Webhooks:*</c>).</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Webhooks";

    /// <summary>
    /// Destinations exempt from the SSRF guard: host names (<c>receiver.internal</c>), IP addresses (<c>127.0.0.1</c>)
    /// or networks (<c>10.1.0.0/16</c>). Plain <c>http://</c> URLs are accepted only for these hosts. Default: none.
    /// </summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>
    /// Delays before each retry after a failed attempt (Standard Webhooks schedule). After the last one the delivery is dead.
    /// Default 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h.
    /// </summary>
    public List<TimeSpan> RetrySchedule { get; set; } = [];

    /// <summary>Random spread applied to each retry delay, as a fraction (0.2 = ±20 %). Default 0.2.</summary>
    [Range(0.0, 0.9)]
    public double RetryJitter { get; set; } = 0.2;

    /// <summary>Longest <c>Retry-After</c> honoured on 429/503; longer values are capped. Default 24 h.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>A subscription failing without one success for this long is disabled. Default 5 days.</summary>
    public TimeSpan DisableAfterFailingFor { get; set; } = TimeSpan.FromDays(5);

    /// <summary>Timeout of one webhook POST (connect to last response byte). Default 15 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Largest request body sent, in bytes; a bigger change event is sent without its documents (<c>"truncated": true</c>). Default 256 KiB.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxPayloadBytes { get; set; } = 256 * 1024;

    /// <summary>Bytes of each response body kept with the attempt. Default 4096.</summary>
    [Range(0, 4096)]
    public int ResponseExcerptBytes { get; set; } = 4096;

    /// <summary>Attempts kept per delivery (older ones are dropped). Default 20.</summary>
    [Range(1, 100)]
    public int AttemptsKept { get; set; } = 20;

    /// <summary>How long the old secret keeps signing after a rotation. Default 24 h.</summary>
    public TimeSpan SecretRotationGrace { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Run the delivery worker in this instance. Default true.</summary>
    public bool WorkerEnabled { get; set; } = true;

    /// <summary>How long a leased delivery stays invisible to other workers; a crashed worker's leases expire after it. Default 1 min.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often an idle worker looks for due deliveries (new rows of this instance wake it at once). Default 1 s.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Rows this instance may hold leased at insert, waiting in memory for its own worker (lease at insert: the outbox
    /// writes them already leased, so they need no lease query and no claim write). Beyond it, rows are still written
    /// leased but left in MongoDB and read back by their lease token (no claim write), as long as the rows waiting stay
    /// within what the worker has shown it drains in half of (<see cref="LeaseDuration"/> − <see cref="RequestTimeout"/>);
    /// beyond that, and when the worker is off, rows are written due at once and leased by a query. 0 = never lease at
    /// insert. Default 5000.
    /// </summary>
    [Range(0, 1_000_000)]
    public int InsertLeaseLimit { get; set; } = 5000;

    /// <summary>Deliveries leased per round. Default 200.</summary>
    [Range(1, 5000)]
    public int LeaseBatchSize { get; set; } = 200;

    /// <summary>Concurrent POSTs per instance, all subscriptions together. Default 256.</summary>
    [Range(1, 10000)]
    public int MaxConcurrency { get; set; } = 256;

    /// <summary>Concurrent POSTs to one subscription (ordered subscriptions always use 1). Default 16.</summary>
    [Range(1, 1000)]
    public int MaxConcurrencyPerSubscription { get; set; } = 16;

    /// <summary>How often each instance reloads subscriptions changed by other instances. Default 5 s.</summary>
    public TimeSpan SubscriptionRefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the queue-depth metrics are sampled. Default 10 s.</summary>
    public TimeSpan QueueMetricsInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Subscriptions one tenant may own. Default 1000.</summary>
    [Range(1, 100000)]
    public int MaxSubscriptionsPerTenant { get; set; } = 1000;

    /// <summary>The Standard Webhooks retry schedule.</summary>
    public static IReadOnlyList<TimeSpan> DefaultRetrySchedule { get; } =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(5),
        TimeSpan.FromHours(10), TimeSpan.FromHours(14), TimeSpan.FromHours(20), TimeSpan.FromHours(24),
    ];

    /// <summary>The configured schedule, or the default when none is configured.</summary>
    public IReadOnlyList<TimeSpan> EffectiveRetrySchedule => RetrySchedule.Count > 0 ? RetrySchedule : DefaultRetrySchedule;
}
