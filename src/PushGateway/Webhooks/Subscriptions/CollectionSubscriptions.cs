using PushGateway.ChangeStreams;
using PushGateway.Filters;
using PushGateway.Realtime;
using PushGateway.Query;

namespace PushGateway.Webhooks.Subscriptions;

/// <summary>
/// The enabled subscriptions of one collection in the query engine's <see cref="SubscriptionIndex{TId}"/>, which finds the
/// matching ones without evaluating every filter (tenant and operation type are part of each indexed filter, so a tenant's
/// event only reaches that tenant's candidates). Built whole and then only read: matching needs no lock of its own.
/// </summary>
internal sealed class CollectionSubscriptions
{
    private readonly Dictionary<string, CompiledSubscription> _byId = new(StringComparer.Ordinal);
    private readonly SubscriptionIndex<string> _index = new();

    public void Add(CompiledSubscription subscription)
    {
        _byId[subscription.Id] = subscription;
        _index.Add(subscription.Id, subscription.IndexFilter);
    }

    public void Match(ChangeEvent change, List<CompiledSubscription> into, TenantFilterClock clock)
    {
        var ids = new List<string>();
        // One budget for the event, drawn from its tenant's evaluation time: the index's candidates are essentially the
        // event's own tenant's filters (plus the admins' for every tenant).
        using (var evaluation = clock.Begin(change.TenantId ?? RealtimeNames.AllTenants))
        {
            _index.Match(change.Document, ids, evaluation.Budget);
        }

        foreach (var id in ids)
        {
            // The event's tenant property is authoritative; the indexed tenant clause only narrows the candidates.
            if (_byId[id] is var subscription && subscription.Accepts(change.TenantId, change.OperationType))
            {
                into.Add(subscription);
            }
        }
    }
}
