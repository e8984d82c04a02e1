using System.Diagnostics;
using System.Diagnostics.Metrics;
using PushGateway.Observability;

namespace PushGateway.ChangeStreams;

/// <summary>The multiplexer's instruments (<c>pushgateway.changestreams.*</c>).</summary>
internal sealed class ChangeStreamMetrics
{
    private readonly Counter<long> _events;
    private readonly Counter<long> _untenanted;
    private readonly Counter<long> _handOvers;
    private readonly Counter<long> _resumes;
    private readonly Counter<long> _historyLost;
    private readonly Counter<long> _errors;
    private readonly Histogram<double> _batchDuration;

    public ChangeStreamMetrics(IMeterFactory meterFactory, ChangeStreamStatus status)
    {
        var meter = meterFactory.Create(GatewayMeter.Name);
        _events = meter.CreateCounter<long>("pushgateway.changestreams.events", "{event}", "Change events read from MongoDB, by collection and operation.");
        _untenanted = meter.CreateCounter<long>("pushgateway.changestreams.events.untenanted", "{event}", "Change events whose tenant could not be established from event-time data (sent to admin subscribers only), by collection and reason.");
        _handOvers = meter.CreateCounter<long>("pushgateway.changestreams.events.handovers", "{event}", "Updates and replaces that moved a document to another tenant (the former owner gets a 'left' notice).");
        _resumes = meter.CreateCounter<long>("pushgateway.changestreams.resumes", "{resume}", "Change-stream cursors reopened from a resume token after an error.");
        _historyLost = meter.CreateCounter<long>("pushgateway.changestreams.history_lost", "{event}", "Times a resume token had fallen out of the oplog (events in the gap were not delivered).");
        _errors = meter.CreateCounter<long>("pushgateway.changestreams.errors", "{error}", "Cursor and sink errors, by collection and kind.");
        _batchDuration = meter.CreateHistogram<double>("pushgateway.changestreams.batch.duration", "ms", "Time for all sinks to handle one batch.");
        meter.CreateObservableGauge("pushgateway.changestreams.cursors", () => status.OpenCursors, "{cursor}", "Open change-stream cursors (one per watched collection).");
    }

    public void EventRead(string collection, string operation) =>
        _events.Add(1, new TagList { { "collection", collection }, { "operation", operation } });

    public void Untenanted(string collection, string reason) =>
        _untenanted.Add(1, new TagList { { "collection", collection }, { "reason", reason } });

    public void HandedOver(string collection) => _handOvers.Add(1, new KeyValuePair<string, object?>("collection", collection));

    public void Resumed(string collection) => _resumes.Add(1, new KeyValuePair<string, object?>("collection", collection));

    public void HistoryLost(string collection) => _historyLost.Add(1, new KeyValuePair<string, object?>("collection", collection));

    public void Error(string collection, string kind) =>
        _errors.Add(1, new TagList { { "collection", collection }, { "kind", kind } });

    public void BatchHandled(string collection, TimeSpan elapsed) =>
        _batchDuration.Record(elapsed.TotalMilliseconds, new KeyValuePair<string, object?>("collection", collection));
}
