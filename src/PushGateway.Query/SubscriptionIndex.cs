using MongoDB.Bson;
using PushGateway.Query.Evaluation;
using PushGateway.Query.Indexing;

namespace PushGateway.Query;

/// <summary>
/// Registered filters by subscription id, matched against one event at a time without scanning every
/// filter. Identical filters (same <see cref="Filter.CanonicalKey"/>) are stored and evaluated once.
/// Of each filter's top-level AND one equality/<c>$in</c> condition is hash-indexed; <see cref="Match"/>
/// looks up the event's values at the indexed paths and evaluates only those candidates plus the
/// filters without an indexable condition, so its result always equals evaluating every filter.
/// Thread-safe: concurrent <see cref="Match"/> calls share a read lock; <see cref="Add"/> and <see cref="Remove"/> take the write lock.
/// </summary>
public sealed class SubscriptionIndex<TId> : IDisposable
    where TId : notnull
{
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly Dictionary<string, IndexEntry<TId>> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<TId, IndexEntry<TId>> _byId = [];
    private readonly Dictionary<string, PathIndex<TId>> _paths = new(StringComparer.Ordinal);
    private readonly List<IndexEntry<TId>> _scan = [];
    private PathIndex<TId>[] _pathList = [];

    /// <summary>The number of registered subscription ids.</summary>
    public int Count
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _byId.Count;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <summary>The number of distinct filters stored (ids with identical filters share one).</summary>
    public int DistinctFilterCount
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _byKey.Count;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <summary>Registers <paramref name="filter"/> under <paramref name="id"/>, replacing an earlier registration of the same id.</summary>
    public void Add(TId id, Filter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var key = filter.CanonicalKey;
        _lock.EnterWriteLock();
        try
        {
            if (_byId.TryGetValue(id, out var existing))
            {
                if (existing.Key == key)
                {
                    return;
                }

                RemoveLocked(id, existing);
            }

            if (!_byKey.TryGetValue(key, out var entry))
            {
                entry = new IndexEntry<TId>(key, filter, ChooseCondition(filter));
                _byKey.Add(key, entry);
                Insert(entry);
            }

            entry.Ids.Add(id);
            _byId.Add(id, entry);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Unregisters <paramref name="id"/>; false when it was not registered.</summary>
    public bool Remove(TId id)
    {
        _lock.EnterWriteLock();
        try
        {
            if (!_byId.TryGetValue(id, out var entry))
            {
                return false;
            }

            RemoveLocked(id, entry);
            return true;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>
    /// Adds to <paramref name="matches"/> the id of every subscription whose filter matches <paramref name="document"/>
    /// (each id once). With <paramref name="budget"/>, all candidate evaluations share it (each filter also keeps its
    /// own <see cref="Filter.MaxEvaluationWork"/>): candidates are found by indexed conditions such as the tenant, so
    /// in practice it bounds what one tenant's filters together may spend on one of its events.
    /// </summary>
    public void Match(BsonDocument document, ICollection<TId> matches, EvaluationBudget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(matches);
        var scratch = MatchScratch.Current;
        _lock.EnterReadLock();
        try
        {
            foreach (var pathIndex in _pathList)
            {
                scratch.Collector.Reset();
                PathWalker.Any(document, pathIndex.Path, scratch.Collector);
                var values = scratch.Values;
                if (values.Count == 1)
                {
                    if (pathIndex.ByValue.TryGetValue(values[0], out var entries))
                    {
                        foreach (var entry in entries)
                        {
                            Evaluate(entry, document, matches, budget);
                        }
                    }

                    continue;
                }

                // Several values (an array, or a path through an array) can reach the same entry twice.
                scratch.Seen.Clear();
                foreach (var value in values)
                {
                    if (pathIndex.ByValue.TryGetValue(value, out var entries))
                    {
                        foreach (var entry in entries)
                        {
                            if (scratch.Seen.Add(entry))
                            {
                                Evaluate(entry, document, matches, budget);
                            }
                        }
                    }
                }
            }

            foreach (var entry in _scan)
            {
                Evaluate(entry, document, matches, budget);
            }
        }
        finally
        {
            _lock.ExitReadLock();
            scratch.Collector.Reset();
            scratch.Seen.Clear();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _lock.Dispose();

    private static void Evaluate(IndexEntry<TId> entry, BsonDocument document, ICollection<TId> matches, EvaluationBudget? budget)
    {
        if ((budget is null ? entry.Filter.Evaluate(document) : entry.Filter.Evaluate(document, budget)) == MatchOutcome.Match)
        {
            foreach (var id in entry.Ids)
            {
                matches.Add(id);
            }
        }
    }

    /// <summary>Greedy choice: the condition whose values currently have the fewest filters, so buckets stay small.</summary>
    private IndexedCondition? ChooseCondition(Filter filter)
    {
        IndexedCondition? best = null;
        var bestCost = long.MaxValue;
        foreach (var condition in IndexedConditionFinder.Find(filter.Root))
        {
            long cost = condition.Values.Count;
            if (_paths.TryGetValue(condition.Path, out var pathIndex))
            {
                foreach (var value in condition.Values)
                {
                    cost += pathIndex.Count(value) * 4L;
                }
            }
            else
            {
                // A new path costs one more look-up per event for every event.
                cost += 8;
            }

            if (cost < bestCost)
            {
                best = condition;
                bestCost = cost;
            }
        }

        return best;
    }

    private void Insert(IndexEntry<TId> entry)
    {
        if (entry.Condition is null)
        {
            entry.ScanSlot = _scan.Count;
            _scan.Add(entry);
            return;
        }

        if (!_paths.TryGetValue(entry.Condition.Path, out var pathIndex))
        {
            pathIndex = new PathIndex<TId>(entry.Condition.Path);
            _paths.Add(entry.Condition.Path, pathIndex);
            _pathList = [.. _paths.Values];
        }

        foreach (var value in entry.Condition.Values)
        {
            pathIndex.Add(value, entry);
        }
    }

    private void RemoveLocked(TId id, IndexEntry<TId> entry)
    {
        _byId.Remove(id);
        entry.Ids.Remove(id);
        if (entry.Ids.Count > 0)
        {
            return;
        }

        _byKey.Remove(entry.Key);
        if (entry.Condition is null)
        {
            // Swap-remove keeps removal O(1); the moved entry learns its new slot.
            var last = _scan[^1];
            _scan[entry.ScanSlot] = last;
            last.ScanSlot = entry.ScanSlot;
            _scan.RemoveAt(_scan.Count - 1);
            entry.ScanSlot = -1;
            return;
        }

        var pathIndex = _paths[entry.Condition.Path];
        foreach (var value in entry.Condition.Values)
        {
            pathIndex.Remove(value, entry);
        }

        if (pathIndex.ByValue.Count == 0)
        {
            _paths.Remove(entry.Condition.Path);
            _pathList = [.. _paths.Values];
        }
    }
}
