using System.Collections.Concurrent;

namespace PushGateway.ChangeStreams;

/// <summary>
/// Per watched collection: cursor state for readiness, and notifications for consumers that keep their own
/// history (the realtime replay buffer) — a stream opened from a checkpoint, or history lost.
/// </summary>
internal sealed class ChangeStreamStatus(TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Raised when a collection's stream opens (first start, restart after an error is not included).</summary>
    public event Action<StreamOpenedEventArgs>? StreamOpened;

    /// <summary>Raised with the collection name when its history was lost and events in a gap will never be delivered.</summary>
    public event Action<string>? HistoryLost;

    /// <summary>Number of open change-stream cursors (one per watched collection while healthy).</summary>
    public int OpenCursors => _entries.Values.Count(e => e.CursorOpen);

    public IReadOnlyCollection<string> Collections => [.. _entries.Keys];

    public void Register(string collection) => _entries.TryAdd(collection, new Entry());

    public void SetState(string collection, WatchState state, string? error = null)
    {
        var entry = _entries.GetOrAdd(collection, _ => new Entry());
        lock (entry)
        {
            entry.State = state;
            entry.Error = error;
            entry.ConsecutiveFailures = state == WatchState.Retrying ? entry.ConsecutiveFailures + 1 : 0;
        }
    }

    /// <summary>Records why the collection's pre- and post-images are not usable (null: they are, or not needed).</summary>
    public void SetImagesProblem(string collection, string? problem) => _entries.GetOrAdd(collection, _ => new Entry()).ImagesProblem = problem;

    public void SetCursorOpen(string collection, bool open) => _entries.GetOrAdd(collection, _ => new Entry()).CursorOpen = open;

    public void OnStreamOpened(string collection, string? lastEventId) => StreamOpened?.Invoke(new StreamOpenedEventArgs(collection, lastEventId));

    public void OnHistoryLost(string collection)
    {
        _entries.GetOrAdd(collection, _ => new Entry()).HistoryLostAt = timeProvider.GetUtcNow();
        HistoryLost?.Invoke(collection);
    }

    /// <summary>A consistent copy of every collection's status.</summary>
    public IReadOnlyList<CollectionSnapshot> Snapshot() =>
        [.. _entries.Select(kv =>
        {
            lock (kv.Value)
            {
                return new CollectionSnapshot(kv.Key, kv.Value.State, kv.Value.Error, kv.Value.ConsecutiveFailures, kv.Value.HistoryLostAt, kv.Value.ImagesProblem);
            }
        })];

    internal sealed record CollectionSnapshot(string Collection, WatchState State, string? Error, int ConsecutiveFailures, DateTimeOffset? HistoryLostAt, string? ImagesProblem = null);

    private sealed class Entry
    {
        public WatchState State { get; set; } = WatchState.Starting;

        public string? Error { get; set; }

        public int ConsecutiveFailures { get; set; }

        public DateTimeOffset? HistoryLostAt { get; set; }

        public volatile string? ImagesProblem;

        public volatile bool CursorOpen;
    }
}
