namespace PushGateway.EmbeddedMongo.ChangeStreams;

/// <summary>
/// The retained, bounded sequence of committed changes (by count and by age). Sequence numbers are
/// contiguous, so an event is found by offset. Recent events are kept as they are; once an event is more than
/// <see cref="LiveEvents"/> behind the newest and a stream has read past it (or it is more than
/// <see cref="MaxLiveEvents"/> behind: a stream may lag or nobody watches), it is packed into shared byte chunks
/// (<see cref="ChangeEventPacker"/>) and read back when asked for, so a long log is a few large arrays for the garbage
/// collector instead of object graphs, and a stream keeping up never reads a packed event. Callers hold
/// <see cref="Storage.Store.Sync"/> for every member, <see cref="WaitForAppendAsync"/> included (so an append after the
/// caller's last look at the log cannot be missed).
/// </summary>
internal sealed class ChangeLog(int maxEvents, TimeSpan maxAge, TimeProvider timeProvider)
{
    /// <summary>
    /// How many of the newest events always stay unpacked. Small, so that an event a stream has read is packed while
    /// its objects are still young (dying in the youngest generation is what makes them cheap for the collector).
    /// </summary>
    public const int LiveEvents = 128;

    /// <summary>How many of the newest events at most stay unpacked, even when no stream has read them.</summary>
    public const int MaxLiveEvents = 32_768;

    // At most this many events are packed per append (more than one, so a backlog left by a lagging stream shrinks).
    private const int PackPerAppend = 4;

    private readonly List<ChangeLogEntry> _events = [];
    private readonly ChangeEventPacker _packer = new();
    private int _head;

    // Every retained event before this index is packed; the highest sequence a stream has read past.
    private int _packedTo;
    private long _readTo;
    private TaskCompletionSource _appended = NewSignal();

    // Whether a stream waits on _appended: an append replaces (and completes) the signal only then, not for every write.
    private bool _awaited;

    /// <summary>Sequence of the last event ever appended (0 before any).</summary>
    public long LastSeq { get; private set; }

    /// <summary>Sequence of the newest event dropped by trimming (0 when nothing was dropped).</summary>
    public long LastTrimmedSeq { get; private set; }

    /// <summary>Cluster time of the newest trimmed event (0 when nothing was dropped).</summary>
    public long LastTrimmedClusterTime { get; private set; }

    public int Count => _events.Count - _head;

    public long NextSeq => LastSeq + 1;

    public void Append(ChangeEvent change)
    {
        _events.Add(new ChangeLogEntry(change.Seq, change.ClusterTime.Value, change.WallTime, change, default));
        LastSeq = change.Seq;
        PackOldest();
        Trim();
        if (_awaited)
        {
            var previous = _appended;
            _appended = NewSignal();
            _awaited = false;
            previous.TrySetResult();
        }
    }

    /// <summary>Restores the counters saved in a snapshot (events before them are history lost).</summary>
    public void RestoreCounters(long lastSeq, long lastTrimmedSeq, long lastTrimmedClusterTime)
    {
        LastTrimmedClusterTime = Math.Max(LastTrimmedClusterTime, lastTrimmedClusterTime);
        LastSeq = Math.Max(LastSeq, lastSeq);
        LastTrimmedSeq = Math.Max(LastTrimmedSeq, lastTrimmedSeq);
    }

    /// <summary>The first retained event with a sequence greater than <paramref name="afterSeq"/>, or null.</summary>
    public ChangeEvent? After(long afterSeq)
    {
        if (Count == 0)
        {
            return null;
        }

        _readTo = Math.Max(_readTo, afterSeq);
        var first = _events[_head].Seq;
        var index = _head + (int)Math.Max(0, afterSeq + 1 - first);
        return index < _events.Count ? EventAt(index) : null;
    }

    /// <summary>The cluster time of a retained event, or null (without reading the event back).</summary>
    public long? ClusterTimeOf(long seq)
    {
        if (Count == 0)
        {
            return null;
        }

        var index = _head + (seq - _events[_head].Seq);
        return index >= _head && index < _events.Count ? _events[(int)index].ClusterTime : null;
    }

    /// <summary>The first retained event at or after a cluster time, for startAtOperationTime.</summary>
    public long SeqBefore(long clusterTime)
    {
        for (var i = _head; i < _events.Count; i++)
        {
            if (_events[i].ClusterTime >= clusterTime)
            {
                return _events[i].Seq - 1;
            }
        }

        return LastSeq;
    }

    public IEnumerable<ChangeEvent> Retained()
    {
        for (var i = _head; i < _events.Count; i++)
        {
            yield return EventAt(i);
        }
    }

    /// <summary>A task that completes on the next append (callers hold the lock, and re-check the log under it).</summary>
    public Task WaitForAppendAsync()
    {
        _awaited = true;
        return _appended.Task;
    }

    private ChangeEvent EventAt(int index)
    {
        var entry = _events[index];
        return entry.Live ?? ChangeEventPacker.Unpack(entry);
    }

    private void PackOldest()
    {
        _packedTo = Math.Max(_packedTo, _head);
        for (var packed = 0; packed < PackPerAppend && _packedTo < _events.Count - LiveEvents; packed++)
        {
            var entry = _events[_packedTo];
            if (entry.Seq > _readTo && _packedTo >= _events.Count - MaxLiveEvents)
            {
                return; // a stream is still to read it
            }

            _events[_packedTo] = entry with { Live = null, Packed = _packer.Pack(entry.Live!) };
            _packedTo++;
        }
    }

    private void Trim()
    {
        var cutoff = timeProvider.GetUtcNow().UtcDateTime - maxAge;
        while (Count > 0 && (Count > maxEvents || _events[_head].WallTime < cutoff))
        {
            LastTrimmedSeq = _events[_head].Seq;
            LastTrimmedClusterTime = _events[_head].ClusterTime;
            _events[_head] = default;
            _head++;
        }

        if (_head > 1024 && _head > _events.Count / 2)
        {
            _events.RemoveRange(0, _head);
            _packedTo = Math.Max(0, _packedTo - _head);
            _head = 0;
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
