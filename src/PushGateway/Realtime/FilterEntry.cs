using PushGateway.Query;

namespace PushGateway.Realtime;

/// <summary>A distinct filter (tenant condition AND client filter) and the groups that share it: evaluated once per event.</summary>
internal sealed class FilterEntry(Filter filter)
{
    public Filter Filter { get; } = filter;

    public string Key => Filter.CanonicalKey;

    public List<SubscriptionGroup> Groups { get; } = [];
}
