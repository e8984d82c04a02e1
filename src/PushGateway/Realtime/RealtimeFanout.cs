using Microsoft.Extensions.Options;
using PushGateway.ChangeStreams;
using PushGateway.Filters;

namespace PushGateway.Realtime;

/// <summary>
/// The SignalR fan-out, registered as one <see cref="IChangeEventSink"/>: hands each event to its collection's
/// <see cref="CollectionFeed"/>, whose per-tenant lanes match it against the distinct filters of its tenant (and the
/// admin ones) and queue one message per matching group member. It never waits on a filter or a client, so it never
/// holds back the checkpoint or other sinks, and it is a live sink: the webhook outbox's writes do not delay it.
/// Delivery to clients is at-most-once with replay.
/// </summary>
internal sealed class RealtimeFanout : IChangeEventSink
{
    private readonly Dictionary<string, CollectionFeed> _feeds;
    private readonly ILogger<RealtimeFanout> _logger;

    public RealtimeFanout(IOptions<GatewayOptions> gateway, IOptions<RealtimeOptions> options, ChangeStreamStatus status, RealtimeMetrics metrics, TenantFilterClock clock, ILogger<RealtimeFanout> logger)
    {
        _logger = logger;
        _feeds = gateway.WatchedCollections().Keys.ToDictionary(c => c, c => new CollectionFeed(c, options.Value.HistorySize, metrics, clock, logger), StringComparer.Ordinal);
        status.StreamOpened += e => Feed(e.Collection)?.OnStreamOpened(e.LastEventId);
        status.HistoryLost += OnHistoryLost;
    }

    /// <summary>Live: events reach subscribers as soon as they are read, not after the webhook outbox has written them.</summary>
    public bool IsLive => true;

    public CollectionFeed? Feed(string collection) => _feeds.GetValueOrDefault(collection);

    /// <summary>Distinct groups across collections (for tests and diagnostics).</summary>
    public int GroupCount => _feeds.Values.Sum(f => f.GroupCount);

    public ValueTask HandleAsync(IReadOnlyList<ChangeEvent> events, CancellationToken cancellationToken)
    {
        foreach (var batch in events.GroupBy(e => e.Collection, StringComparer.Ordinal))
        {
            Feed(batch.Key)?.Publish([.. batch]);
        }

        return ValueTask.CompletedTask;
    }

    private void OnHistoryLost(string collection)
    {
        if (Feed(collection) is { } feed)
        {
            RealtimeLog.HistoryLost(_logger, collection, feed.OnHistoryLost());
        }
    }
}
