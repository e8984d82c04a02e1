using PushGateway.ChangeStreams;
using PushGateway.Query;

namespace PushGateway.Realtime;

/// <summary>
/// Everything realtime about one watched collection: its replay history and its subscription groups, bucketed by
/// tenant so an event is only ever evaluated against its own tenant's filters and the admin ones. One lock orders
/// publishing, joining (with replay) and leaving, so a replay is never overtaken by a live event.
/// </summary>
internal sealed class CollectionFeed(string collection, int historySize, RealtimeMetrics metrics)
{
    private readonly Lock _lock = new();
    private readonly EventHistory _history = new(historySize);
    private readonly Dictionary<string, Dictionary<string, FilterEntry>> _buckets = new(StringComparer.Ordinal);
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

                if (change.TenantId is not null && _buckets.TryGetValue(change.TenantId, out var own))
                {
                    Dispatch(change, own);
                }

                if (_buckets.TryGetValue(RealtimeNames.AllTenants, out var admin))
                {
                    Dispatch(change, admin);
                }

                if (change.FormerTenantId is not null && _buckets.TryGetValue(change.FormerTenantId, out var former))
                {
                    NotifyLeft(change, former);
                }
            }
        }
    }

    /// <summary>Adds <paramref name="connection"/> to the plan's group; replays from <paramref name="resumeFrom"/> when the history covers it.</summary>
    /// <remarks>The returned position is where the subscriber stands after the join, for a later <c>resumeFrom</c>.</remarks>
    public (SubscriptionGroup Group, bool Recovered, string Position) Join(RealtimeConnection connection, SubscriptionPlan plan, string? resumeFrom)
    {
        lock (_lock)
        {
            if (!_groups.TryGetValue(plan.GroupKey, out var group))
            {
                var bucket = _buckets.TryGetValue(plan.TenantScope, out var b) ? b : _buckets[plan.TenantScope] = new(StringComparer.Ordinal);
                if (!bucket.TryGetValue(plan.Filter.CanonicalKey, out var entry))
                {
                    entry = bucket[plan.Filter.CanonicalKey] = new FilterEntry(plan.Filter);
                }

                group = new SubscriptionGroup(plan.GroupKey, Collection, plan.TenantScope, entry, plan.FullDocument, plan.Fields, plan.Projection);
                entry.Groups.Add(group);
                _groups[plan.GroupKey] = group;
            }

            if (connection.Add(group))
            {
                group.Members.Add(connection);
            }

            if (resumeFrom is null || !_history.TryGetAfter(resumeFrom, out var missed))
            {
                return (group, false, _history.Position);
            }

            var replayed = 0;
            foreach (var change in missed)
            {
                if (Visible(change, group.TenantScope) && group.Filter.Filter.Matches(change.Document))
                {
                    connection.Outbox.Enqueue(Message(change, group));
                    replayed++;
                }
                else if (string.Equals(change.FormerTenantId, group.TenantScope, StringComparison.Ordinal))
                {
                    connection.Outbox.Enqueue(Left(change, group));
                }
            }

            metrics.FilterEvaluated(Collection, missed.Count);
            metrics.Replayed(Collection, replayed);
            return (group, true, _history.Position);
        }
    }

    public void Leave(RealtimeConnection connection, SubscriptionGroup group)
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
            if (entry.Groups.Count == 0 && _buckets.TryGetValue(group.TenantScope, out var bucket))
            {
                bucket.Remove(entry.Key);
                if (bucket.Count == 0)
                {
                    _buckets.Remove(group.TenantScope);
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

    private void Dispatch(ChangeEvent change, Dictionary<string, FilterEntry> bucket)
    {
        metrics.FilterEvaluated(Collection, bucket.Count);
        // One budget for all of this tenant's filters on this event: holding many filters cannot multiply the cost.
        var budget = Filters.GatewayFilter.NewTenantBudget();
        foreach (var entry in bucket.Values)
        {
            if (entry.Filter.Evaluate(change.Document, budget) != MatchOutcome.Match)
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
