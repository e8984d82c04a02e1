namespace PushGateway.ChangeStreams;

/// <summary>
/// A consumer of change events. The multiplexer hands every batch, in order, to each registered sink. A durable sink
/// (the default; the webhook outbox) holds back the checkpoint: the collection's resume token advances only after all
/// durable sinks have completed for that batch, so such a sink finishes its durable write before returning, and a
/// durable sink that throws makes the multiplexer retry the batch (so durable sinks must be idempotent). A live sink
/// (<see cref="IsLive"/>: the SignalR fan-out) gets each batch as soon as it is read, ahead of the durable sinks'
/// writes, and must neither block nor throw.
/// </summary>
public interface IChangeEventSink
{
    /// <summary>True for a sink that takes events as they are read and does not hold back the checkpoint.</summary>
    bool IsLive => false;

    ValueTask HandleAsync(IReadOnlyList<ChangeEvent> events, CancellationToken cancellationToken);
}
