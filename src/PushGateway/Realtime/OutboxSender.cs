using Microsoft.Extensions.Options;

namespace PushGateway.Realtime;

/// <summary>
/// What every <see cref="ConnectionOutbox"/> shares (one instance): the metrics, the log and the queue capacity. An
/// outbox then holds only its own queue, its connection and a reference to this.
/// </summary>
internal sealed class OutboxSender(RealtimeMetrics metrics, IOptions<RealtimeOptions> options, ILogger<ConnectionOutbox> logger)
{
    public int Capacity { get; } = options.Value.QueueCapacity;

    public RealtimeMetrics Metrics { get; } = metrics;

    public ILogger Logger { get; } = logger;
}
