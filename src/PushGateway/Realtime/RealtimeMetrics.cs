using System.Diagnostics;
using System.Diagnostics.Metrics;
using PushGateway.Observability;

namespace PushGateway.Realtime;

/// <summary>The hub's instruments (<c>pushgateway.realtime.*</c>).</summary>
internal sealed class RealtimeMetrics
{
    private readonly Counter<long> _evaluations;
    private readonly Counter<long> _pushed;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _replayed;
    private readonly Counter<long> _subscribeRejected;
    private readonly Histogram<double> _lag;
    private readonly TimeProvider _timeProvider;

    public RealtimeMetrics(IMeterFactory meterFactory, ConnectionRegistry connections, TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
        var meter = meterFactory.Create(GatewayMeter.Name);
        _evaluations = meter.CreateCounter<long>("pushgateway.realtime.filter_evaluations", "{evaluation}", "Filter evaluations (one per distinct filter per event).");
        _pushed = meter.CreateCounter<long>("pushgateway.realtime.messages.pushed", "{message}", "Change messages written to SignalR connections.");
        _dropped = meter.CreateCounter<long>("pushgateway.realtime.queue.dropped", "{message}", "Messages dropped from full per-connection queues (slow consumers).");
        _replayed = meter.CreateCounter<long>("pushgateway.realtime.replayed", "{message}", "Change messages replayed from history for resumeFrom.");
        _subscribeRejected = meter.CreateCounter<long>("pushgateway.realtime.subscribe.rejected", "{request}", "Subscribe calls rejected (bad filter, unknown or forbidden collection, limits).");
        _lag = meter.CreateHistogram<double>("pushgateway.realtime.lag", "ms", "End-to-end lag from the change's wall time in MongoDB to the write to a client.");
        meter.CreateObservableGauge("pushgateway.realtime.connections", () => connections.Count, "{connection}", "Open hub connections.");
    }

    public void FilterEvaluated(string collection, int count) =>
        _evaluations.Add(count, new KeyValuePair<string, object?>("collection", collection));

    public void Pushed(string collection, DateTime? wallTime)
    {
        _pushed.Add(1, new KeyValuePair<string, object?>("collection", collection));
        if (wallTime is { } wall)
        {
            _lag.Record((_timeProvider.GetUtcNow().UtcDateTime - wall).TotalMilliseconds, new KeyValuePair<string, object?>("collection", collection));
        }
    }

    public void Dropped(string collection) => _dropped.Add(1, new KeyValuePair<string, object?>("collection", collection));

    public void Replayed(string collection, int count) => _replayed.Add(count, new KeyValuePair<string, object?>("collection", collection));

    public void SubscribeRejected(string reason) => _subscribeRejected.Add(1, new TagList { { "reason", reason } });
}
