using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace PushGateway.Webhooks.Delivery;

/// <summary>
/// Group commit for successful deliveries: completions that arrive while a write is in flight go out together in the
/// next bulk write, so the store sees one round trip per batch instead of one per delivery. Each caller's task
/// completes once its own row is written (ordered subscriptions rely on that before sending the next row).
/// </summary>
internal sealed class CompletionBatcher(DeliveryStore store, IOptions<WebhookOptions> options)
{
    private const int MaxBatch = 1000;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private int _flushing;
    private Task _flush = Task.CompletedTask;

    public Task CompleteAsync(DeliveryRow row, DeliveryAttempt attempt)
    {
        var pending = new Pending(row, attempt, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        _queue.Writer.TryWrite(pending);
        if (Interlocked.CompareExchange(ref _flushing, 1, 0) == 0)
        {
            Volatile.Write(ref _flush, Task.Run(FlushAsync));
        }

        return pending.Done.Task;
    }

    /// <summary>
    /// Waits until every queued completion has been written (or has failed). Called at shutdown, before the MongoDB
    /// client goes away, so deliveries that succeeded are recorded rather than sent again after their lease.
    /// </summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        while (Volatile.Read(ref _flushing) == 1 || _queue.Reader.TryPeek(out _))
        {
            await Volatile.Read(ref _flush).WaitAsync(cancellationToken).ConfigureAwait(false);
            // The flag can be set a moment before the new flush task is published: yield rather than spin.
            await Task.Yield();
        }
    }

    private async Task FlushAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (true)
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            if (batch.Count == 0)
            {
                Volatile.Write(ref _flushing, 0);
                // A completion queued after the last read but before the flag was cleared would wait forever: re-check.
                if (!_queue.Reader.TryPeek(out _) || Interlocked.CompareExchange(ref _flushing, 1, 0) != 0)
                {
                    return;
                }

                continue;
            }

            try
            {
                await store.CompleteManyAsync([.. batch.Select(p => (p.Row, p.Attempt))], options.Value.AttemptsKept, CancellationToken.None).ConfigureAwait(false);
                batch.ForEach(p => p.Done.TrySetResult());
            }
            catch (Exception ex)
            {
                // The rows stay leased and are delivered again after the lease (same webhook-id): at-least-once holds.
                batch.ForEach(p => p.Done.TrySetException(ex));
            }

            batch.Clear();
        }
    }

    private sealed record Pending(DeliveryRow Row, DeliveryAttempt Attempt, TaskCompletionSource Done);
}
