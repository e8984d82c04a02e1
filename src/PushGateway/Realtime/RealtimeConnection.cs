using PushGateway.Auth;

namespace PushGateway.Realtime;

/// <summary>One hub connection: who it is, its outbound queue, and its subscriptions (group → reference count).</summary>
internal sealed class RealtimeConnection(string connectionId, Caller caller, ConnectionOutbox outbox)
{
    private readonly Dictionary<string, (SubscriptionGroup Group, int Count)> _subscriptions = new(StringComparer.Ordinal);

    public string ConnectionId { get; } = connectionId;

    public Caller Caller { get; } = caller;

    public ConnectionOutbox Outbox { get; } = outbox;

    public int SubscriptionCount
    {
        get
        {
            lock (_subscriptions)
            {
                return _subscriptions.Count;
            }
        }
    }

    /// <summary>Records a subscription; true when this connection was not yet in the group.</summary>
    public bool Add(SubscriptionGroup group)
    {
        lock (_subscriptions)
        {
            var count = _subscriptions.TryGetValue(group.SubscriptionId, out var existing) ? existing.Count : 0;
            _subscriptions[group.SubscriptionId] = (group, count + 1);
            return count == 0;
        }
    }

    /// <summary>Drops one reference; returns the group when this connection must leave it, else null.</summary>
    public SubscriptionGroup? Remove(string subscriptionId, out bool found)
    {
        lock (_subscriptions)
        {
            found = _subscriptions.TryGetValue(subscriptionId, out var existing);
            if (!found)
            {
                return null;
            }

            if (existing.Count > 1)
            {
                _subscriptions[subscriptionId] = (existing.Group, existing.Count - 1);
                return null;
            }

            _subscriptions.Remove(subscriptionId);
            return existing.Group;
        }
    }

    /// <summary>Removes and returns every group (on disconnect).</summary>
    public IReadOnlyList<SubscriptionGroup> RemoveAll()
    {
        lock (_subscriptions)
        {
            var groups = _subscriptions.Values.Select(v => v.Group).ToList();
            _subscriptions.Clear();
            return groups;
        }
    }
}
