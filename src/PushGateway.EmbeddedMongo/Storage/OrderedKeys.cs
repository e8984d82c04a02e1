namespace PushGateway.EmbeddedMongo.Storage;

/// <summary>
/// The sorted entries of one queryable index: a list of sorted chunks of at most <see cref="ChunkSize"/> entries
/// (a two-level B-tree). A range is walked in key order from its lower bound and the walk stops when the caller stops.
/// </summary>
/// <remarks>
/// Finding a position costs a binary search over the chunks' first entries and one inside a chunk, and inserting
/// moves at most a chunk's entries: no node is allocated per entry (the AVL tree this replaces allocated one per
/// entry and walked ~17 levels per change). Writes tend to land where the previous one did (increasing times and
/// ids, a batch of rows with the same state, rows completed in the order they were written), so the chunk of the last
/// insert (or of the last removal) is tried first, then the last chunk (an append to the whole index). Not thread-safe: callers hold the store lock, and a walk must end before the next change.
/// </remarks>
internal sealed class OrderedKeys
{
    private const int ChunkSize = 128;

    private readonly List<Chunk> _chunks = [];
    private int _addHint;
    private int _removeHint;
    private int _version;

    public int Count { get; private set; }

    /// <summary>Adds the entry unless an equal one is already present.</summary>
    public void Add(IndexEntry entry)
    {
        if (_chunks.Count == 0)
        {
            _chunks.Add(new Chunk());
        }

        var c = Locate(entry, _addHint);
        var chunk = _chunks[c];
        var at = chunk.Search(entry);
        if (at >= 0)
        {
            return;
        }

        at = ~at;
        if (chunk.Count == ChunkSize)
        {
            // Split in halves (an append at the very end keeps the full chunk and starts a new one, so that a steadily
            // increasing key leaves full chunks behind).
            var right = at == ChunkSize && c == _chunks.Count - 1 ? new Chunk() : chunk.SplitOff(ChunkSize / 2);
            _chunks.Insert(c + 1, right);
            if (at >= chunk.Count)
            {
                at -= chunk.Count;
                chunk = right;
                c++;
            }
        }

        chunk.Insert(at, entry);
        if (c != _chunks.Count - 1)
        {
            _addHint = c; // appends to the whole index are found without it
        }

        Count++;
        _version++;
    }

    /// <summary>Removes the entry if present.</summary>
    public void Remove(IndexEntry entry)
    {
        if (_chunks.Count == 0)
        {
            return;
        }

        var c = Locate(entry, _removeHint);
        var chunk = _chunks[c];
        var at = chunk.Search(entry);
        if (at < 0)
        {
            return;
        }

        chunk.RemoveAt(at);
        if (chunk.Count == 0 && _chunks.Count > 1)
        {
            _chunks.RemoveAt(c);
            c = Math.Max(0, c - 1);
        }

        _removeHint = c;
        Count--;
        _version++;
    }

    public bool SetEquals(OrderedKeys other) =>
        Count == other.Count && All().SequenceEqual(other.All(), EntryEquality.Instance);

    /// <summary>The entries between <paramref name="low"/> and <paramref name="high"/> (inclusive), lazily, in key order.</summary>
    public IEnumerable<IndexEntry> Between(IndexEntry low, IndexEntry high)
    {
        if (Count == 0)
        {
            yield break;
        }

        var version = _version;
        var c = Locate(low, 0);
        var at = _chunks[c].Search(low);
        for (at = at >= 0 ? at : ~at; c < _chunks.Count; c++, at = 0)
        {
            for (; at < _chunks[c].Count; at++)
            {
                var entry = _chunks[c].Items[at];
                if (IndexEntryComparer.Instance.Compare(entry, high) > 0)
                {
                    yield break;
                }

                yield return entry;
                if (version != _version)
                {
                    throw new InvalidOperationException("The index changed during a walk; walks must end under the store lock.");
                }
            }
        }
    }

    private IEnumerable<IndexEntry> All()
    {
        foreach (var chunk in _chunks)
        {
            for (var i = 0; i < chunk.Count; i++)
            {
                yield return chunk.Items[i];
            }
        }
    }

    /// <summary>The chunk that holds, or would hold, <paramref name="entry"/>: the last one whose first entry is not after it (else the first).</summary>
    private int Locate(IndexEntry entry, int hint)
    {
        var cmp = IndexEntryComparer.Instance;
        var last = _chunks.Count - 1;
        hint = Math.Min(hint, last);
        if ((hint == 0 || _chunks[hint].Count == 0 || cmp.Compare(_chunks[hint].Items[0], entry) <= 0)
            && (hint == last || cmp.Compare(entry, _chunks[hint + 1].Items[0]) < 0))
        {
            return hint;
        }

        if (hint != last && cmp.Compare(_chunks[last].Items[0], entry) <= 0)
        {
            return last; // an append to the whole index (an increasing key): no search
        }

        // Binary search for the last chunk whose first entry is <= entry (chunk 0 when every first entry is after it).
        int lo = 1, hi = last - 1;
        var found = 0;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (cmp.Compare(_chunks[mid].Items[0], entry) <= 0)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return found;
    }

    private sealed class Chunk
    {
        public IndexEntry[] Items { get; private set; } = new IndexEntry[ChunkSize];

        public int Count { get; private set; }

        /// <summary>The entry's index, or the bitwise complement of where it would go. The last entry is tried first (appends).</summary>
        public int Search(IndexEntry entry)
        {
            var cmp = IndexEntryComparer.Instance;
            if (Count == 0)
            {
                return ~0;
            }

            var c = cmp.Compare(Items[Count - 1], entry);
            if (c < 0)
            {
                return ~Count;
            }

            if (c == 0)
            {
                return Count - 1;
            }

            int lo = 0, hi = Count - 2;
            while (lo <= hi)
            {
                var mid = (lo + hi) >>> 1;
                c = cmp.Compare(Items[mid], entry);
                if (c == 0)
                {
                    return mid;
                }

                if (c < 0)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid - 1;
                }
            }

            return ~lo;
        }

        public void Insert(int at, IndexEntry entry)
        {
            Array.Copy(Items, at, Items, at + 1, Count - at);
            Items[at] = entry;
            Count++;
        }

        public void RemoveAt(int at)
        {
            Count--;
            Array.Copy(Items, at + 1, Items, at, Count - at);
            Items[Count] = default;
        }

        /// <summary>Moves the entries from <paramref name="from"/> on into a new chunk.</summary>
        public Chunk SplitOff(int from)
        {
            var right = new Chunk();
            Array.Copy(Items, from, right.Items, 0, Count - from);
            right.Count = Count - from;
            Array.Clear(Items, from, Count - from);
            Count = from;
            return right;
        }
    }

    private sealed class EntryEquality : IEqualityComparer<IndexEntry>
    {
        public static EntryEquality Instance { get; } = new();

        public bool Equals(IndexEntry x, IndexEntry y) => IndexEntryComparer.Instance.Compare(x, y) == 0;

        public int GetHashCode(IndexEntry obj) => obj.RecordId.GetHashCode();
    }
}
