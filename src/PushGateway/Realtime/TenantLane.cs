using PushGateway.ChangeStreams;

namespace PushGateway.Realtime;

/// <summary>
/// One tenant's (or the admins') share of a <see cref="CollectionFeed"/>: its distinct filters and a queue of the
/// events it still has to evaluate, worked off on the thread pool. Each tenant's events are evaluated in order on its
/// own lane, so a tenant whose filters are slow delays only its own events, never another tenant's.
/// </summary>
/// <remarks>
/// <see cref="Gate"/> is held while an event is dispatched and while a subscriber joins or leaves this tenant's groups,
/// so the filters, groups and members of the lane change only between two events. Lock order: <see cref="Gate"/>,
/// then the feed's lock, then the queue's.
/// </remarks>
internal sealed class TenantLane(string tenantScope, Action<TenantLane, LaneWork> dispatch) : IThreadPoolWorkItem
{
    // Events handled per turn on a pool thread before the lane queues itself again, so a busy lane shares the pool.
    private const int EventsPerTurn = 64;

    private readonly Queue<LaneWork> _pending = new();
    private bool _scheduled;

    /// <summary>The tenant, or <see cref="RealtimeNames.AllTenants"/> for admin subscriptions.</summary>
    public string TenantScope { get; } = tenantScope;

    public Lock Gate { get; } = new();

    /// <summary>This tenant's distinct filters by canonical key (each with the groups that share it). Under <see cref="Gate"/>.</summary>
    public Dictionary<string, FilterEntry> Filters { get; } = new(StringComparer.Ordinal);

    /// <summary>The oldest event posted but not yet dispatched; null when the lane has caught up. Call under <see cref="Gate"/>.</summary>
    public string? FirstPendingEventId
    {
        get
        {
            lock (_pending)
            {
                return _pending.Count == 0 ? null : _pending.Peek().Change.EventId;
            }
        }
    }

    public void Post(ChangeEvent change, LaneWorkKind kind)
    {
        lock (_pending)
        {
            _pending.Enqueue(new LaneWork(change, kind));
            if (_scheduled)
            {
                return;
            }

            _scheduled = true;
        }

        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    public void Execute()
    {
        for (var handled = 0; handled < EventsPerTurn; handled++)
        {
            lock (Gate)
            {
                LaneWork work;
                lock (_pending)
                {
                    if (!_pending.TryDequeue(out work))
                    {
                        _scheduled = false;
                        return;
                    }
                }

                dispatch(this, work);
            }
        }

        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }
}
