using PushGateway.ChangeStreams;

namespace PushGateway.Tests.ChangeStreams;

/// <summary>A durable sink that holds every batch until <see cref="Release"/> (a stuck webhook outbox, say), counting what it got.</summary>
internal sealed class BlockingSink : IChangeEventSink
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _handled;

    public int Handled => Volatile.Read(ref _handled);

    public void Release() => _release.TrySetResult();

    public async ValueTask HandleAsync(IReadOnlyList<ChangeEvent> events, CancellationToken cancellationToken)
    {
        await _release.Task.WaitAsync(cancellationToken);
        Interlocked.Add(ref _handled, events.Count);
    }
}
