using PushGateway.ChangeStreams;

namespace PushGateway.Realtime;

/// <summary>
/// A collection's recent events for <c>resumeFrom</c>: a ring buffer plus the <em>anchor</em>, the id of the event just
/// before the oldest one kept (the last event of a previous run, or the last one evicted). A client is recovered when
/// its <c>resumeFrom</c> is the anchor or a kept event: everything after it is here. Before any event is known, the
/// <see cref="Position"/> is an <em>origin</em> marker of this history, valid until its first event is evicted or the
/// history is reset by a loss. Not thread-safe: the owning <see cref="CollectionFeed"/> locks.
/// </summary>
internal sealed class EventHistory(int capacity)
{
    private readonly ChangeEvent?[] _ring = new ChangeEvent?[Math.Max(capacity, 0)];
    private readonly Dictionary<string, long> _positions = new(StringComparer.Ordinal);
    private long _start;
    private long _end;
    private string? _origin = NewOrigin();

    /// <summary>Id of the event just before the oldest kept one; null when the history's start is unknown.</summary>
    public string? Anchor { get; private set; }

    /// <summary>The newest event id seen (kept or not).</summary>
    public string? Last { get; private set; }

    public int Count => (int)(_end - _start);

    /// <summary>
    /// Where a subscriber joining now stands: the newest event id, or the origin marker when no event is known yet.
    /// Passed back as <c>resumeFrom</c>, it replays what came after and reports recovered.
    /// </summary>
    public string Position => Last ?? _origin ?? (_origin = NewOrigin());

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
            _origin = null;
            return true;
        }

        if (Count == _ring.Length)
        {
            var evicted = _ring[_start % _ring.Length]!;
            _positions.Remove(evicted.EventId);
            Anchor = evicted.EventId;
            _origin = null;
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
        else if ((Anchor is not null && string.Equals(eventId, Anchor, StringComparison.Ordinal))
            || (_origin is not null && string.Equals(eventId, _origin, StringComparison.Ordinal)))
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

    /// <summary>
    /// The position just before <paramref name="eventId"/>: passed as <c>resumeFrom</c>, it replays that event and
    /// what follows. Null when the event is no longer kept.
    /// </summary>
    public string? PositionBefore(string eventId)
    {
        if (!_positions.TryGetValue(eventId, out var position))
        {
            return null;
        }

        return position > _start ? _ring[(position - 1) % _ring.Length]!.EventId : Anchor ?? _origin;
    }

    /// <summary>
    /// Forgets everything; <paramref name="anchor"/> becomes the known start (null: unknown, after a loss: earlier
    /// origin markers stop being valid). Setting a start on a history that held nothing keeps its origin valid.
    /// </summary>
    public void Reset(string? anchor)
    {
        var empty = _end == 0 && Last is null;
        Array.Clear(_ring);
        _positions.Clear();
        _start = _end = 0;
        Anchor = anchor;
        Last = anchor;
        if (anchor is null || !empty)
        {
            _origin = NewOrigin();
        }
    }

    // Not an event id (those are hex resume-token digests), and unique per history so a marker from before a restart or a loss never matches.
    private static string NewOrigin() => "origin-" + Guid.NewGuid().ToString("N");
}
