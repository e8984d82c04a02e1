using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace PushGateway.Webhooks.Delivery;

/// <summary>
/// Group commit for successful deliveries: completions that arrive while a write is in flight go out together in the
/// next bulk write, so the store sees one round trip per batch instead of one per delivery. Each caller's task
/// completes once its own row is written (ordered subscriptions rely on that before sending the next row).
/// </summary>
internal sealed partial class CompletionBatcher(DeliveryStore store, IOptions<WebhookOptions> options, ILogger<CompletionBatcher> logger)
{
    private const int MaxBatch = 1000;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private int _flushing;
    private Task _flush = Task.CompletedTask;

    /// <summary>Queues a completion and returns once it is written (ordered subscriptions wait for it).</summary>
    public Task CompleteAsync(DeliveryRow row, DeliveryAttempt attempt)
    {
        var pending = new Pending(row, attempt, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        Queue(pending);
        return pending.Done!.Task;
    }

    /// <summary>
    /// Queues a completion without waiting for it: a failed write is logged (once per batch) and the rows are delivered
    /// again after their lease, with the same webhook-id.
    /// </summary>
    public void Complete(DeliveryRow row, DeliveryAttempt attempt) => Queue(new Pending(row, attempt, null));

    private void Queue(Pending pending)
    {
        _queue.Writer.TryWrite(pending);
        if (Interlocked.CompareExchange(ref _flushing, 1, 0) == 0)
        {
            Volatile.Write(ref _flush, Task.Run(FlushAsync));
        }
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
        var completions = new List<(DeliveryRow Row, DeliveryAttempt Attempt)>(MaxBatch);
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
                foreach (var pending in batch)
                {
                    completions.Add((pending.Row, pending.Attempt));
                }

                await store.CompleteManyAsync(completions, options.Value.AttemptsKept, CancellationToken.None).ConfigureAwait(false);
                foreach (var pending in batch)
                {
                    pending.Done?.TrySetResult();
                }
            }
            catch (Exception ex)
            {
                // The rows stay leased and are delivered again after the lease (same webhook-id): at-least-once holds.
                LogCompletionFailed(logger, batch.Count, ex.GetType().Name, ex.Message);
                foreach (var pending in batch)
                {
                    pending.Done?.TrySetException(ex);
                }
            }

            batch.Clear();
            completions.Clear();
        }
    }

    [LoggerMessage(EventId = 7031, Level = LogLevel.Warning, Message = "Could not record {Count} delivered webhooks ({ErrorType}: {Error}); they will be delivered again after their lease")]
    private static partial void LogCompletionFailed(ILogger logger, int count, string errorType, string error);

    /// <summary>A queued completion; <see cref="Done"/> only when the caller waits for it.</summary>
    private sealed record Pending(DeliveryRow Row, DeliveryAttempt Attempt, TaskCompletionSource? Done);
}
