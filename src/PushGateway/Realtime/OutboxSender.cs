using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace PushGateway.Realtime;

/// <summary>
/// What every <see cref="ConnectionOutbox"/> shares (one instance): the hub context it writes through, the metrics, the
/// log and the queue capacity. An outbox then holds only its own queue and a reference to this.
/// </summary>
internal sealed class OutboxSender(IHubContext<ChangesHub> hub, RealtimeMetrics metrics, IOptions<RealtimeOptions> options, ILogger<ConnectionOutbox> logger)
{
    public int Capacity { get; } = options.Value.QueueCapacity;

    public RealtimeMetrics Metrics { get; } = metrics;

    public ILogger Logger { get; } = logger;

    /// <summary>Writes one message to one connection; completes when SignalR has taken it (the client's own back-pressure).</summary>
    public Task SendAsync(string connectionId, string method, object payload, CancellationToken cancellationToken) =>
        hub.Clients.Client(connectionId).SendAsync(method, payload, cancellationToken);
}
