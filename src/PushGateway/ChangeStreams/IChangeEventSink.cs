namespace PushGateway.ChangeStreams;

/// <summary>
/// A consumer of change events. The multiplexer hands every batch, in order, to each registered sink and
/// advances the collection's resume-token checkpoint only after all sinks have completed for that batch:
/// a sink that must not lose events (the webhook outbox) finishes its durable write before returning.
/// A sink that throws makes the multiplexer retry the batch (so sinks must be idempotent).
/// </summary>
public interface IChangeEventSink
{
    ValueTask HandleAsync(IReadOnlyList<ChangeEvent> events, CancellationToken cancellationToken);
}
