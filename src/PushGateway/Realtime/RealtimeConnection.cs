using PushGateway.Auth;

namespace PushGateway.Realtime;

/// <summary>One hub connection: who it is, its outbound queue, and its subscriptions (group → reference count).</summary>
/// <remarks>
/// The subscriptions are a short list searched linearly (at most <see cref="RealtimeOptions.MaxSubscriptionsPerConnection"/>,
/// usually one or two): a dictionary would cost every connection several hundred bytes more for nothing.
/// </remarks>
internal sealed class RealtimeConnection(string connectionId, Caller caller, ConnectionOutbox outbox)
{
    private readonly List<(SubscriptionGroup Group, int Count)> _subscriptions = new(1);

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
            var index = IndexOf(group.SubscriptionId);
            if (index < 0)
            {
                _subscriptions.Add((group, 1));
                return true;
            }

            _subscriptions[index] = (group, _subscriptions[index].Count + 1);
            return false;
        }
    }

    /// <summary>Drops one reference; returns the group when this connection must leave it, else null.</summary>
    public SubscriptionGroup? Remove(string subscriptionId, out bool found)
    {
        lock (_subscriptions)
        {
            var index = IndexOf(subscriptionId);
            found = index >= 0;
            if (!found)
            {
                return null;
            }

            var (group, count) = _subscriptions[index];
            if (count > 1)
            {
                _subscriptions[index] = (group, count - 1);
                return null;
            }

            _subscriptions.RemoveAt(index);
            return group;
        }
    }

    /// <summary>Removes and returns every group (on disconnect).</summary>
    public IReadOnlyList<SubscriptionGroup> RemoveAll()
    {
        lock (_subscriptions)
        {
            var groups = _subscriptions.Select(v => v.Group).ToList();
            _subscriptions.Clear();
            return groups;
        }
    }

    private int IndexOf(string subscriptionId)
    {
        for (var i = 0; i < _subscriptions.Count; i++)
        {
            if (string.Equals(_subscriptions[i].Group.SubscriptionId, subscriptionId, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
