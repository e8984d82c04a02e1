using System.Collections.Concurrent;

namespace WebhookReceiver;

/// <summary>
/// What arrived: every verified request (<see cref="All"/>) and each <c>webhook-id</c> once (<see cref="Unique"/>).
/// A real receiver would keep the seen ids in its database, inside the transaction that processes the event.
/// </summary>
public sealed class Inbox
{
    private readonly ConcurrentDictionary<string, ReceivedWebhook> _unique = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<ReceivedWebhook> _all = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _rejected;

    /// <summary>Every verified request, duplicates included, in arrival order.</summary>
    public IReadOnlyList<ReceivedWebhook> All => [.. _all];

    /// <summary>The first request of each webhook-id.</summary>
    public IReadOnlyList<ReceivedWebhook> Unique => [.. _unique.Values.OrderBy(w => w.ReceivedAt)];

    public int UniqueCount => _unique.Count;

    /// <summary>Requests refused for a bad or missing signature.</summary>
    public int RejectedCount => Volatile.Read(ref _rejected);

    /// <summary>Records a verified request; false when its webhook-id was seen before.</summary>
    public bool Record(ReceivedWebhook webhook)
    {
        _all.Enqueue(webhook);
        var isNew = _unique.TryAdd(webhook.Id, webhook);
        Notify();
        return isNew;
    }

    public void Rejected()
    {
        Interlocked.Increment(ref _rejected);
        Notify();
    }

    /// <summary>Waits until <paramref name="condition"/> holds (checked on every arrival); false on timeout.</summary>
    public async Task<bool> WaitUntilAsync(Func<Inbox, bool> condition, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (true)
        {
            var changed = Volatile.Read(ref _changed).Task;
            if (condition(this))
            {
                return true;
            }

            try
            {
                await changed.WaitAsync(cancel.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return condition(this);
            }
        }
    }

    private void Notify() =>
        Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
