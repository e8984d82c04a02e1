using System.Diagnostics.Metrics;
using PushGateway.Observability;

namespace PushGateway.Webhooks;

/// <summary>Webhook instruments (<c>pushgateway.webhooks.*</c>); deliveries are tagged with their subscription.</summary>
internal sealed class WebhookMetrics
{
    private const string SubscriptionTag = "subscription";
    private readonly Counter<long> _queued;
    private readonly Counter<long> _attempted;
    private readonly Counter<long> _succeeded;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _dead;
    private readonly Histogram<double> _latency;
    private readonly Histogram<double> _requestDuration;
    private long _queueDepth;
    private double _oldestAgeSeconds;

    public WebhookMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(GatewayMeter.Name);
        _queued = meter.CreateCounter<long>("pushgateway.webhooks.deliveries.queued", "{delivery}", "Delivery rows written by the outbox.");
        _attempted = meter.CreateCounter<long>("pushgateway.webhooks.deliveries.attempted", "{attempt}", "Webhook POSTs made.");
        _succeeded = meter.CreateCounter<long>("pushgateway.webhooks.deliveries.succeeded", "{delivery}", "Deliveries answered with 2xx.");
        _failed = meter.CreateCounter<long>("pushgateway.webhooks.deliveries.failed", "{attempt}", "Attempts that failed (non-2xx, timeout, connection error).");
        _dead = meter.CreateCounter<long>("pushgateway.webhooks.deliveries.dead", "{delivery}", "Deliveries given up (retries exhausted, 410, subscription disabled).");
        _latency = meter.CreateHistogram<double>("pushgateway.webhooks.delivery.latency", "s", "From the change's wall time to the successful response.");
        _requestDuration = meter.CreateHistogram<double>("pushgateway.webhooks.request.duration", "s", "Duration of one webhook POST.");
        meter.CreateObservableGauge("pushgateway.webhooks.queue.depth", () => Volatile.Read(ref _queueDepth), "{delivery}", "Pending deliveries, throttled and retrying ones included.");
        meter.CreateObservableGauge("pushgateway.webhooks.queue.oldest_age", () => Volatile.Read(ref _oldestAgeSeconds), "s", "Age of the oldest pending delivery.");
    }

    public void Queued(int count) => _queued.Add(count);

    public void Attempted(string subscriptionId, TimeSpan duration)
    {
        _attempted.Add(1, new KeyValuePair<string, object?>(SubscriptionTag, subscriptionId));
        _requestDuration.Record(duration.TotalSeconds);
    }

    public void Succeeded(string subscriptionId, TimeSpan latency)
    {
        _succeeded.Add(1, new KeyValuePair<string, object?>(SubscriptionTag, subscriptionId));
        _latency.Record(Math.Max(0, latency.TotalSeconds));
    }

    public void Failed(string subscriptionId) => _failed.Add(1, new KeyValuePair<string, object?>(SubscriptionTag, subscriptionId));

    public void Dead(string subscriptionId) => _dead.Add(1, new KeyValuePair<string, object?>(SubscriptionTag, subscriptionId));

    public void QueueSampled(long depth, TimeSpan oldestAge)
    {
        Volatile.Write(ref _queueDepth, depth);
        Volatile.Write(ref _oldestAgeSeconds, Math.Max(0, oldestAge.TotalSeconds));
    }
}
