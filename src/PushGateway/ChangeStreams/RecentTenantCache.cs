using MongoDB.Bson;

namespace PushGateway.ChangeStreams;

/// <summary>
/// A bounded least-recently-used map of <c>documentKey → tenant</c> for one collection, fed by every event
/// whose tenant is known, so that a delete without a pre-image can still be given its tenant.
/// </summary>
internal sealed class RecentTenantCache(int capacity)
{
    private readonly Dictionary<BsonDocument, LinkedListNode<(BsonDocument Key, string Tenant)>> _map = [];
    private readonly LinkedList<(BsonDocument Key, string Tenant)> _order = new();
    private readonly Lock _lock = new();

    public void Remember(BsonDocument documentKey, string tenant)
    {
        if (capacity <= 0)
        {
            return;
        }

        lock (_lock)
        {
            if (_map.TryGetValue(documentKey, out var node))
            {
                _order.Remove(node);
                node.Value = (documentKey, tenant);
                _order.AddFirst(node);
                return;
            }

            _map[documentKey] = _order.AddFirst((documentKey, tenant));
            if (_map.Count > capacity)
            {
                var last = _order.Last!;
                _order.RemoveLast();
                _map.Remove(last.Value.Key);
            }
        }
    }

    public string? Find(BsonDocument documentKey)
    {
        lock (_lock)
        {
            return _map.TryGetValue(documentKey, out var node) ? node.Value.Tenant : null;
        }
    }

    /// <summary>Forgets a key (after its delete has been resolved) so the cache holds live documents.</summary>
    public void Forget(BsonDocument documentKey)
    {
        lock (_lock)
        {
            if (_map.Remove(documentKey, out var node))
            {
                _order.Remove(node);
            }
        }
    }
}
