using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;

namespace PushGateway.Realtime;

/// <summary>
/// One connection's bounded outbound queue and its writer loop. The fan-out only ever <c>TryWrite</c>s here, so a
/// slow client fills its own queue and nobody else's: when full, the oldest message is dropped and the next message
/// written is preceded by <c>overflow {dropped}</c>. Writes to SignalR happen one at a time, in order.
/// </summary>
internal sealed class ConnectionOutbox
{
    private readonly Channel<OutboundMessage> _channel;
    private readonly RealtimeMetrics _metrics;
    private int _dropped;
    private int _warned;

    public ConnectionOutbox(int capacity, RealtimeMetrics metrics)
    {
        _metrics = metrics;
        _channel = Channel.CreateBounded<OutboundMessage>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = false },
            OnDropped);
    }

    /// <summary>Set when the queue dropped its first message (the log says so once per connection).</summary>
    public Action? FirstDrop { get; set; }

    /// <summary>Queues a message without waiting; false only after the connection closed.</summary>
    public bool Enqueue(OutboundMessage message) => _channel.Writer.TryWrite(message);

    public void Complete() => _channel.Writer.TryComplete();

    /// <summary>Writes queued messages to <paramref name="client"/> until the connection closes.</summary>
    public async Task RunAsync(IClientProxy client, Action<Exception> onError, CancellationToken closed)
    {
        try
        {
            await foreach (var message in _channel.Reader.ReadAllAsync(closed))
            {
                var dropped = Interlocked.Exchange(ref _dropped, 0);
                if (dropped > 0)
                {
                    await client.SendAsync(RealtimeNames.OverflowMethod, new OverflowNotice(dropped), closed);
                }

                await client.SendAsync(message.Method, message.Payload, closed);
                if (message.Method == RealtimeNames.ChangeMethod)
                {
                    _metrics.Pushed(message.Collection, message.WallTime);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The connection closed.
        }
        catch (Exception ex)
        {
            onError(ex);
        }
    }

    private void OnDropped(OutboundMessage message)
    {
        Interlocked.Increment(ref _dropped);
        _metrics.Dropped(message.Collection);
        if (Interlocked.Exchange(ref _warned, 1) == 0)
        {
            FirstDrop?.Invoke();
        }
    }

    /// <summary>Payload of the <c>overflow</c> message.</summary>
    internal sealed record OverflowNotice(int Dropped);
}
