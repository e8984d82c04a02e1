using PushGateway.Query;

namespace PushGateway.Realtime;

/// <summary>
/// Connections sharing (tenant, collection, canonical filter, delivery options): one message is built per event for
/// all of them. Members are changed and read only under the owning <see cref="CollectionFeed"/>'s lock.
/// </summary>
internal sealed class SubscriptionGroup(string key, string collection, string tenantScope, FilterEntry filter, bool fullDocument, IReadOnlyList<string> fields, Projection? projection)
{
    public string Key { get; } = key;

    public string SubscriptionId { get; } = RealtimeNames.SubscriptionId(key);

    public string Collection { get; } = collection;

    /// <summary>The tenant, or <see cref="RealtimeNames.AllTenants"/> for admin subscriptions.</summary>
    public string TenantScope { get; } = tenantScope;

    public FilterEntry Filter { get; } = filter;

    public bool FullDocument { get; } = fullDocument;

    /// <summary>The projected fields (empty: whole documents).</summary>
    public IReadOnlyList<string> Fields { get; } = fields;

    public Projection? Projection { get; } = projection;

    public HashSet<RealtimeConnection> Members { get; } = [];
}
