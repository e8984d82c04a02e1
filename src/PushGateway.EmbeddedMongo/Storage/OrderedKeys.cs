using System.Collections.Immutable;

namespace PushGateway.EmbeddedMongo.Storage;

/// <summary>
/// The sorted entries of one queryable index. A range is walked in key order from its lower bound and the walk
/// stops when the caller stops: finding the start costs O(log n) and each entry O(log n), however many entries lie
/// in the range. (<see cref="SortedSet{T}.GetViewBetween"/> counts the whole range when the view is created, so a
/// limited query over a large range cost time in proportion to the range.) Backed by an AVL tree whose builder
/// mutates in place.
/// </summary>
internal sealed class OrderedKeys
{
    private readonly ImmutableSortedSet<IndexEntry>.Builder _entries = ImmutableSortedSet.CreateBuilder(IndexEntryComparer.Instance);

    public int Count => _entries.Count;

    public void Add(IndexEntry entry) => _entries.Add(entry);

    public void Remove(IndexEntry entry) => _entries.Remove(entry);

    public bool SetEquals(OrderedKeys other) => _entries.SetEquals(other._entries);

    /// <summary>The entries between <paramref name="low"/> and <paramref name="high"/> (inclusive), lazily, in key order.</summary>
    public IEnumerable<IndexEntry> Between(IndexEntry low, IndexEntry high)
    {
        var index = _entries.IndexOf(low);
        for (var i = index >= 0 ? index : ~index; i < _entries.Count; i++)
        {
            var entry = _entries[i];
            if (IndexEntryComparer.Instance.Compare(entry, high) > 0)
            {
                yield break;
            }

            yield return entry;
        }
    }
}
