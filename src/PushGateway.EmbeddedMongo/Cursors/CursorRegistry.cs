using System.Collections.Concurrent;
using PushGateway.EmbeddedMongo.Commands;

namespace PushGateway.EmbeddedMongo.Cursors;

/// <summary>Open cursors by id. Ids are non-zero, increasing and never reused.</summary>
internal sealed class CursorRegistry(TimeProvider timeProvider)
{
    /// <summary>Like mongod's cursorTimeoutMillis: an idle cursor is closed after 10 minutes.</summary>
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<long, ServerCursor> _cursors = new();
    private long _nextId = Random.Shared.NextInt64(1L << 40, 1L << 50);

    public int OpenCount => _cursors.Count;

    public long TotalOpened { get; private set; }

    public long NewId() => Interlocked.Increment(ref _nextId);

    /// <summary>Every open cursor (for <c>$currentOp</c> with <c>idleCursors</c>).</summary>
    public IEnumerable<ServerCursor> All => _cursors.Values;

    public void Add(ServerCursor cursor)
    {
        cursor.LastUsedTimestamp = timeProvider.GetTimestamp();
        _cursors[cursor.Id] = cursor;
        if (++TotalOpened % 64 == 0)
        {
            ReapIdle();
        }
    }

    public void Touch(ServerCursor cursor) => cursor.LastUsedTimestamp = timeProvider.GetTimestamp();

    /// <summary>Closes cursors abandoned by their clients (never one in use).</summary>
    public void ReapIdle()
    {
        var now = timeProvider.GetTimestamp();
        foreach (var (id, cursor) in _cursors)
        {
            if (!cursor.InUse && timeProvider.GetElapsedTime(cursor.LastUsedTimestamp, now) > IdleTimeout)
            {
                _cursors.TryRemove(id, out _);
            }
        }
    }

    public bool TryGet(long id, out ServerCursor? cursor) => _cursors.TryGetValue(id, out cursor);

    public bool Remove(long id) => _cursors.TryRemove(id, out _);

    public void Clear() => _cursors.Clear();

    public ServerCursor Require(long id, string ns)
    {
        if (!_cursors.TryGetValue(id, out var cursor))
        {
            throw new MongoErrorException(43, "CursorNotFound", $"cursor id {id} not found");
        }

        if (cursor.Namespace != ns)
        {
            throw new MongoErrorException(13, "Unauthorized", $"Requested getMore on namespace '{ns}', but cursor belongs to a different namespace {cursor.Namespace}");
        }

        return cursor;
    }
}
