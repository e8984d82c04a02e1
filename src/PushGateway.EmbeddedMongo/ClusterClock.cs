using MongoDB.Bson;

namespace PushGateway.EmbeddedMongo;

/// <summary>
/// Hands out strictly increasing cluster times (seconds from the <see cref="TimeProvider"/>,
/// increment within the second), so operationTime and change event clusterTime stay monotonic.
/// </summary>
internal sealed class ClusterClock(TimeProvider timeProvider)
{
    private readonly Lock _sync = new();
    private long _last;

    public TimeProvider TimeProvider { get; } = timeProvider;

    /// <summary>The latest time handed out (or the current second when nothing was).</summary>
    public BsonTimestamp Current
    {
        get
        {
            lock (_sync)
            {
                return _last == 0 ? new BsonTimestamp((int)TimeProvider.GetUtcNow().ToUnixTimeSeconds(), 0) : new BsonTimestamp(_last);
            }
        }
    }

    public BsonTimestamp Tick()
    {
        lock (_sync)
        {
            var seconds = TimeProvider.GetUtcNow().ToUnixTimeSeconds();
            var candidate = new BsonTimestamp((int)seconds, 1).Value;
            _last = candidate > _last ? candidate : _last + 1;
            return new BsonTimestamp(_last);
        }
    }

    /// <summary>Moves the clock forward past a time restored from the journal.</summary>
    public void AdvanceTo(BsonTimestamp time)
    {
        lock (_sync)
        {
            if (time.Value > _last)
            {
                _last = time.Value;
            }
        }
    }

    public BsonDateTime Now() => new(TimeProvider.GetUtcNow().UtcDateTime);
}
