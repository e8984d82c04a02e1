using System.ComponentModel.DataAnnotations;

namespace PushGateway.ChangeStreams;

/// <summary>What the gateway watches (<c>Gateway:*</c>).</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>The watched collections. Default: none (the Development demo adds its own).</summary>
    public List<WatchOptions> Watch { get; set; } = [];

    /// <summary>Most events the change-stream cursor returns per batch. Default 500.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>How long one <c>getMore</c> waits for new events, in milliseconds. Default 1000.</summary>
    [Range(10, 60_000)]
    public int MaxAwaitMilliseconds { get; set; } = 1000;

    /// <summary>
    /// While a collection is idle, how often its post-batch resume token is checkpointed, in seconds, so a
    /// restart never resumes from a token that has fallen out of the oplog. Default 10.
    /// </summary>
    [Range(1, 3600)]
    public int IdleCheckpointSeconds { get; set; } = 10;

    /// <summary>
    /// Whether the gateway turns on <c>changeStreamPreAndPostImages</c> itself (<c>collMod</c>, or <c>create</c> for a
    /// collection that does not exist yet) for watched collections that need them. When false, or when that fails, the
    /// collection is reported unhealthy on <c>/health/ready</c> and its events without an establishable tenant go to admins
    /// only. Default true.
    /// </summary>
    public bool EnablePreAndPostImages { get; set; } = true;

    /// <summary>What to do when the stored resume token is no longer in the oplog (error 286). Default <see cref="HistoryLostPolicy.RestartFromNow"/>.</summary>
    public HistoryLostPolicy HistoryLostPolicy { get; set; } = HistoryLostPolicy.RestartFromNow;

    /// <summary>Longest wait between retries after a cursor or sink error, in seconds (the backoff doubles from 0.2 s up to this). Default 30.</summary>
    [Range(1, 600)]
    public int MaxBackoffSeconds { get; set; } = 30;

    /// <summary>How long readiness reports Degraded after history was lost, in seconds. Default 300.</summary>
    [Range(0, 86_400)]
    public int HistoryLostDegradedSeconds { get; set; } = 300;
}
