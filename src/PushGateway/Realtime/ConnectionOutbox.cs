using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace PushGateway.Realtime;

/// <summary>
/// One connection's bounded outbound queue, drained on demand. The fan-out only ever <see cref="Enqueue"/>s here, so a
/// slow client fills its own queue and nobody else's: when full, the oldest message is dropped and the next message
/// written is preceded by <c>overflow {dropped}</c>. Writes to SignalR happen one at a time, in order.
/// </summary>
/// <remarks>
/// An idle connection holds no writer loop, no task and no queue: the queue is made on the first message, and a drain
/// runs on the thread pool only while messages are waiting (started by the enqueue that finds the queue idle). So a
/// thousand idle connections cost a thousand small objects, not a thousand suspended async loops. The outbox locks on
/// itself (it is never handed out, so nothing else locks on it): a lock object of its own would cost every connection
/// another 40 bytes. Messages are written straight to the SignalR connection, already serialised
/// (<see cref="OutboundMessage.Serialized"/>); a write waits for the client's own back-pressure and ends when the
/// connection is aborted.
/// </remarks>
internal sealed class ConnectionOutbox(OutboxSender sender, HubConnectionContext connection, string? tenantId)
{
    /// <summary>Above this many queued messages, the queue's array is given back once it has been drained.</summary>
    private const int TrimAbove = 32;

    private Queue<OutboundMessage>? _queue;
    private Task _drain = Task.CompletedTask;
    private bool _draining;
    private bool _closed;
    private bool _warned;
    private int _dropped;
    private int _peak;

    /// <summary>Queues a message without waiting; false only after the connection closed.</summary>
    public bool Enqueue(OutboundMessage message)
    {
        lock (this)
        {
            if (_closed)
            {
                return false;
            }

            var queue = _queue ??= new Queue<OutboundMessage>();
            if (queue.Count >= sender.Capacity)
            {
                Drop(queue.Dequeue());
            }

            queue.Enqueue(message);
            _peak = Math.Max(_peak, queue.Count);
            if (!_draining)
            {
                _draining = true;
                _drain = DrainAsync();
            }

            return true;
        }
    }

    /// <summary>Stops accepting messages, forgets the queued ones and returns the drain still running, if any.</summary>
    public Task CloseAsync()
    {
        lock (this)
        {
            _closed = true;
            _queue = null;
            return _drain;
        }
    }

    private async Task DrainAsync()
    {
        // Off the publisher's thread (it holds the collection feed's lock): from here on this is the connection's own work.
        await Task.Yield();
        try
        {
            while (Next() is { } next)
            {
                if (next.Dropped > 0)
                {
                    var overflow = new InvocationMessage(RealtimeNames.OverflowMethod, [new OverflowNotice(next.Dropped)]);
                    await connection.WriteAsync(new SerializedHubMessage(overflow), connection.ConnectionAborted);
                }

                var message = next.Message;
                await connection.WriteAsync(message.Serialized, connection.ConnectionAborted);
                if (message.Method == RealtimeNames.ChangeMethod)
                {
                    sender.Metrics.Pushed(message.Collection, message.WallTime);
                }
            }
        }
        catch (OperationCanceledException)
        {
            Stop();
        }
        catch (Exception ex)
        {
            RealtimeLog.WriteFailed(sender.Logger, ex, connection.ConnectionId);
            Stop();
        }
    }

    /// <summary>The next message and the drops before it; null (and the drain ends) when the queue is empty.</summary>
    private (OutboundMessage Message, int Dropped)? Next()
    {
        lock (this)
        {
            if (_closed || _queue is not { Count: > 0 } queue)
            {
                _draining = false;
                if (_peak > TrimAbove && _queue is { } drained)
                {
                    drained.TrimExcess();
                    _peak = 0;
                }

                return null;
            }

            var dropped = _dropped;
            _dropped = 0;
            return (queue.Dequeue(), dropped);
        }
    }

    /// <summary>A write failed or the connection closed: nothing more is written (the connection is going away).</summary>
    private void Stop()
    {
        lock (this)
        {
            _closed = true;
            _draining = false;
            _queue = null;
        }
    }

    private void Drop(OutboundMessage message)
    {
        _dropped++;
        sender.Metrics.Dropped(message.Collection);
        if (!_warned)
        {
            _warned = true;
            RealtimeLog.SlowConsumer(sender.Logger, connection.ConnectionId, tenantId);
        }
    }

    /// <summary>Payload of the <c>overflow</c> message.</summary>
    internal sealed record OverflowNotice(int Dropped);
}
