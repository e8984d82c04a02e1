using PushGateway.ChangeStreams;
using PushGateway.Filters;
using PushGateway.Query;

namespace PushGateway.Realtime;

/// <summary>
/// Everything realtime about one watched collection: its replay history, and per tenant a <see cref="TenantLane"/>
/// holding that tenant's distinct filters (the admins' under <see cref="RealtimeNames.AllTenants"/>). Publishing only
/// appends to the history and posts each event to its own tenant's lane, the admins' and, on a hand-over, the former
/// owner's: every lane evaluates on its own, so no tenant's filters hold up another tenant's events. The feed's lock
/// orders the history and the posting; a lane's gate orders its dispatching, joining (with replay) and leaving, so a
/// replay is never overtaken by a live event and never repeats one.
/// </summary>
internal sealed class CollectionFeed(string collection, int historySize, RealtimeMetrics metrics, TenantFilterClock clock, ILogger logger)
{
    private readonly Lock _lock = new();
    private readonly EventHistory _history = new(historySize);

    // Lanes stay once created (a few hundred bytes per tenant that ever subscribed here), so a joiner's lane is never
    // retired under it.
    private readonly Dictionary<string, TenantLane> _lanes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SubscriptionGroup> _groups = new(StringComparer.Ordinal);

    public string Collection { get; } = collection;

    public int GroupCount
    {
        get
        {
            lock (_lock)
            {
                return _groups.Count;
            }
        }
    }

    public void Publish(IReadOnlyList<ChangeEvent> events)
    {
        lock (_lock)
        {
            foreach (var change in events)
            {
                if (!_history.Append(change))
                {
                    continue;
                }

                if (change.TenantId is not null && _lanes.TryGetValue(change.TenantId, out var own))
                {
                    own.Post(change, LaneWorkKind.Change);
                }

                if (_lanes.TryGetValue(RealtimeNames.AllTenants, out var admin))
                {
                    admin.Post(change, LaneWorkKind.Change);
                }

                if (change.FormerTenantId is not null && _lanes.TryGetValue(change.FormerTenantId, out var former))
                {
                    former.Post(change, LaneWorkKind.Left);
                }
            }
        }
    }

    /// <summary>Adds <paramref name="connection"/> to the plan's group; replays from <paramref name="resumeFrom"/> when the history covers it.</summary>
    /// <remarks>
    /// The returned position is where the subscriber stands after the join, for a later <c>resumeFrom</c>. The replay
    /// runs on the caller's thread inside the tenant's lane (with the tenant's evaluation budget), so it holds up only
    /// that tenant's own events.
    /// </remarks>
    public (SubscriptionGroup Group, bool Recovered, string Position) Join(RealtimeConnection connection, SubscriptionPlan plan, string? resumeFrom)
    {
        var lane = Lane(plan.TenantScope);
        lock (lane.Gate)
        {
            SubscriptionGroup group;
            List<ChangeEvent>? missed;
            string position;
            lock (_lock)
            {
                if (!_groups.TryGetValue(plan.GroupKey, out group!))
                {
                    if (!lane.Filters.TryGetValue(plan.Filter.CanonicalKey, out var entry))
                    {
                        entry = lane.Filters[plan.Filter.CanonicalKey] = new FilterEntry(plan.Filter);
                    }

                    group = new SubscriptionGroup(plan.GroupKey, Collection, plan.TenantScope, entry, plan.FullDocument, plan.Fields, plan.Projection);
                    entry.Groups.Add(group);
                    _groups[plan.GroupKey] = group;
                }

                if (connection.Add(group))
                {
                    group.Members.Add(connection);
                }

                // Events still waiting on the lane reach the new member live; the replay stops just before them.
                var pending = lane.FirstPendingEventId;
                position = (pending is null ? null : _history.PositionBefore(pending)) ?? _history.Position;
                if (resumeFrom is null || !_history.TryGetAfter(resumeFrom, out missed))
                {
                    missed = null;
                }
                else if (pending is not null)
                {
                    missed.RemoveAll(change => string.CompareOrdinal(change.EventId, pending) >= 0);
                }
            }

            if (missed is null)
            {
                return (group, false, position);
            }

            Replay(connection, group, missed);
            return (group, true, position);
        }
    }

    public void Leave(RealtimeConnection connection, SubscriptionGroup group)
    {
        var lane = Lane(group.TenantScope);
        lock (lane.Gate)
        {
            lock (_lock)
            {
                group.Members.Remove(connection);
                if (group.Members.Count > 0 || !_groups.Remove(group.Key))
                {
                    return;
                }

                var entry = group.Filter;
                entry.Groups.Remove(group);
                if (entry.Groups.Count == 0)
                {
                    lane.Filters.Remove(entry.Key);
                }
            }
        }
    }

    /// <summary>The stream opened: a previous run's last event starts the history, unless events arrived already.</summary>
    public void OnStreamOpened(string? lastEventId)
    {
        lock (_lock)
        {
            if (_history.Last is null)
            {
                _history.Reset(lastEventId);
            }
        }
    }

    /// <summary>Events were lost upstream: the history restarts empty and every subscriber is told <c>recovered: false</c>.</summary>
    public int OnHistoryLost()
    {
        lock (_lock)
        {
            _history.Reset(null);
            foreach (var group in _groups.Values)
            {
                var notice = new OutboundMessage(RealtimeNames.RecoveryMethod, new RecoveryNotice(group.SubscriptionId, Collection, false, "history-lost"), Collection, null);
                foreach (var member in group.Members)
                {
                    member.Outbox.Enqueue(notice);
                }
            }

            return _groups.Count;
        }
    }

    private TenantLane Lane(string tenantScope)
    {
        lock (_lock)
        {
            if (!_lanes.TryGetValue(tenantScope, out var lane))
            {
                lane = _lanes[tenantScope] = new TenantLane(tenantScope, Dispatch);
            }

            return lane;
        }
    }

    /// <summary>Runs on the lane, under its gate.</summary>
    private void Dispatch(TenantLane lane, LaneWork work)
    {
        try
        {
            if (work.Kind == LaneWorkKind.Left)
            {
                NotifyLeft(work.Change, lane.Filters);
            }
            else
            {
                Evaluate(lane, work.Change);
            }
        }
        catch (Exception ex)
        {
            RealtimeLog.DispatchFailed(logger, ex, Collection, lane.TenantScope);
        }
    }

    private void Evaluate(TenantLane lane, ChangeEvent change)
    {
        if (lane.Filters.Count == 0)
        {
            return;
        }

        metrics.FilterEvaluated(Collection, lane.Filters.Count);
        // One budget for all of this tenant's filters on this event: holding many filters cannot multiply the cost.
        using var evaluation = clock.Begin(lane.TenantScope);
        foreach (var entry in lane.Filters.Values)
        {
            if (entry.Filter.Evaluate(change.Document, evaluation.Budget) != MatchOutcome.Match)
            {
                continue;
            }

            foreach (var group in entry.Groups)
            {
                var message = Message(change, group);
                foreach (var member in group.Members)
                {
                    member.Outbox.Enqueue(message);
                }
            }
        }
    }

    private void Replay(RealtimeConnection connection, SubscriptionGroup group, List<ChangeEvent> missed)
    {
        var replayed = 0;
        var evaluated = 0;
        foreach (var change in missed)
        {
            if (Visible(change, group.TenantScope))
            {
                evaluated++;
                using var evaluation = clock.Begin(group.TenantScope);
                if (group.Filter.Filter.Evaluate(change.Document, evaluation.Budget) == MatchOutcome.Match)
                {
                    connection.Outbox.Enqueue(Message(change, group));
                    replayed++;
                }
            }
            else if (string.Equals(change.FormerTenantId, group.TenantScope, StringComparison.Ordinal))
            {
                connection.Outbox.Enqueue(Left(change, group));
            }
        }

        metrics.FilterEvaluated(Collection, evaluated);
        metrics.Replayed(Collection, replayed);
    }

    /// <summary>
    /// A hand-over: every subscription of the former owner is told the document left, whatever its filter (no filter of
    /// theirs may be evaluated against the new owner's content), and gets nothing else of the event.
    /// </summary>
    private static void NotifyLeft(ChangeEvent change, Dictionary<string, FilterEntry> bucket)
    {
        foreach (var entry in bucket.Values)
        {
            foreach (var group in entry.Groups)
            {
                var message = Left(change, group);
                foreach (var member in group.Members)
                {
                    member.Outbox.Enqueue(message);
                }
            }
        }
    }

    private static OutboundMessage Left(ChangeEvent change, SubscriptionGroup group) =>
        new(RealtimeNames.LeftMethod, ChangeMessageBuilder.BuildLeft(change, group), change.Collection, null);

    private static bool Visible(ChangeEvent change, string tenantScope) =>
        tenantScope == RealtimeNames.AllTenants || string.Equals(change.TenantId, tenantScope, StringComparison.Ordinal);

    private static OutboundMessage Message(ChangeEvent change, SubscriptionGroup group) =>
        new(RealtimeNames.ChangeMethod, ChangeMessageBuilder.Build(change, group), change.Collection, change.WallTime);

    /// <summary>Payload of the <c>recovery</c> message.</summary>
    internal sealed record RecoveryNotice(string SubscriptionId, string Collection, bool Recovered, string Reason);
}
