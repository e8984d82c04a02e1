using PushGateway.Query;

namespace PushGateway.Realtime;

/// <summary>A validated subscription: its group key, tenant scope, combined filter and delivery options.</summary>
internal sealed record SubscriptionPlan(
    string Collection,
    string TenantScope,
    Filter Filter,
    bool FullDocument,
    IReadOnlyList<string> Fields,
    Projection? Projection)
{
    public string GroupKey { get; } = RealtimeNames.GroupKey(TenantScope, Collection, Filter.CanonicalKey, FullDocument, Fields);

    /// <summary>Hints about the client's filter (see <see cref="Filters.FilterHints"/>), returned by <c>Subscribe</c>.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
