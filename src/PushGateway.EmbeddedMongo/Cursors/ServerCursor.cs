using MongoDB.Bson;

namespace PushGateway.EmbeddedMongo.Cursors;

/// <summary>A server-side cursor; not bound to the connection that opened it.</summary>
internal abstract class ServerCursor(long id, string ns)
{
    private int _inUse;

    public long Id { get; } = id;

    /// <summary>Full namespace returned as <c>cursor.ns</c> (e.g. <c>db.$cmd.aggregate</c> for database streams).</summary>
    public string Namespace { get; } = ns;

    public abstract bool IsExhausted { get; }

    /// <summary>When the cursor was last handed out (for the idle timeout), in <see cref="TimeProvider"/> ticks.</summary>
    public long LastUsedTimestamp { get; set; }

    public bool InUse => Volatile.Read(ref _inUse) == 1;

    public bool TryAcquire() => Interlocked.CompareExchange(ref _inUse, 1, 0) == 0;

    public void Release() => Volatile.Write(ref _inUse, 0);

    /// <summary>Produces the next batch as <c>{batch: [...]}</c>; <see cref="IsExhausted"/> tells whether more can follow.</summary>
    public abstract ValueTask<BsonDocument> NextBatchAsync(CursorBatchRequest request, CancellationToken cancellationToken);
}
