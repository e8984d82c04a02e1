using PushGateway.ChangeStreams;

namespace PushGateway.Realtime;

/// <summary>
/// A collection's recent events for <c>resumeFrom</c>: a ring buffer plus the <em>anchor</em>, the id of the event just
/// before the oldest one kept (the last event of a previous run, or the last one evicted). A client is recovered when
/// its <c>resumeFrom</c> is the anchor or a kept event: everything after it is here. Not thread-safe: the owning
/// <see cref="CollectionFeed"/> locks.
/// </summary>
internal sealed class EventHistory(int capacity)
{
    private readonly ChangeEvent?[] _ring = new ChangeEvent?[Math.Max(capacity, 0)];
    private readonly Dictionary<string, long> _positions = new(StringComparer.Ordinal);
    private long _start;
    private long _end;

    /// <summary>Id of the event just before the oldest kept one; null when the history's start is unknown.</summary>
    public string? Anchor { get; private set; }

    /// <summary>The newest event id seen (kept or not).</summary>
    public string? Last { get; private set; }

    public int Count => (int)(_end - _start);

    /// <summary>Appends an event; false for an event at or before the newest one (a retried batch), which is skipped.</summary>
    public bool Append(ChangeEvent change)
    {
        if (Last is not null && string.CompareOrdinal(change.EventId, Last) <= 0)
        {
            return false;
        }

        Last = change.EventId;
        if (_ring.Length == 0)
        {
            Anchor = change.EventId;
            return true;
        }

        if (Count == _ring.Length)
        {
            var evicted = _ring[_start % _ring.Length]!;
            _positions.Remove(evicted.EventId);
            Anchor = evicted.EventId;
            _start++;
        }

        _ring[_end % _ring.Length] = change;
        _positions[change.EventId] = _end;
        _end++;
        return true;
    }

    /// <summary>The events after <paramref name="eventId"/>, or false when the history cannot tell what came after it.</summary>
    public bool TryGetAfter(string eventId, out List<ChangeEvent> events)
    {
        events = [];
        long from;
        if (_positions.TryGetValue(eventId, out var position))
        {
            from = position + 1;
        }
        else if (Anchor is not null && string.Equals(eventId, Anchor, StringComparison.Ordinal))
        {
            from = _start;
        }
        else
        {
            return false;
        }

        for (var i = from; i < _end; i++)
        {
            events.Add(_ring[i % _ring.Length]!);
        }

        return true;
    }

    /// <summary>Forgets everything; <paramref name="anchor"/> becomes the known start (null: unknown).</summary>
    public void Reset(string? anchor)
    {
        Array.Clear(_ring);
        _positions.Clear();
        _start = _end = 0;
        Anchor = anchor;
        Last = anchor;
    }
}
