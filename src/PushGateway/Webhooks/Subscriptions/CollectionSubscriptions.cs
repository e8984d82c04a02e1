using PushGateway.ChangeStreams;

namespace PushGateway.Webhooks.Subscriptions;

/// <summary>The enabled subscriptions of one collection; immutable once sealed, so matching needs no lock.</summary>
internal sealed class CollectionSubscriptions
{
    private readonly List<CompiledSubscription> _all = [];

    public void Add(CompiledSubscription subscription) => _all.Add(subscription);

    public void Seal()
    {
    }

    public void Match(ChangeEvent change, List<CompiledSubscription> into)
    {
        foreach (var subscription in _all)
        {
            if (subscription.Accepts(change.TenantId, change.OperationType) && subscription.Filter.Matches(change.Document))
            {
                into.Add(subscription);
            }
        }
    }
}
