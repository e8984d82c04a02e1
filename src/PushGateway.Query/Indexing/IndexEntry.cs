namespace PushGateway.Query.Indexing;

/// <summary>One distinct filter (by canonical key) and the subscription ids that use it.</summary>
internal sealed class IndexEntry<TId>(string key, Filter filter, IndexedCondition? condition)
    where TId : notnull
{
    public string Key { get; } = key;

    /// <summary>Evaluated through <see cref="Query.Filter.Matches"/>, so the filter's work budget applies.</summary>
    public Filter Filter { get; } = filter;

    public IndexedCondition? Condition { get; } = condition;

    public List<TId> Ids { get; } = [];

    /// <summary>Position in the scan list when <see cref="Condition"/> is null; kept for O(1) removal.</summary>
    public int ScanSlot { get; set; } = -1;
}
