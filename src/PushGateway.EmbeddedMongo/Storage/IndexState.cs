using PushGateway.Query;
using MongoDB.Bson;
using PushGateway.EmbeddedMongo.Commands;

namespace PushGateway.EmbeddedMongo.Storage;

/// <summary>
/// One index of a collection. Unique indexes keep <see cref="Entries"/> (to enforce uniqueness and to
/// find by <c>_id</c>); every ascending/descending index also keeps <see cref="Ordered"/>, the sorted
/// keys <see cref="IndexPlanner"/> selects query candidates from.
/// </summary>
internal sealed class IndexState
{
    private readonly string[] _fields;
    private readonly string[] _topLevel;
    private BsonValue[]? _removalKey;

    public IndexState(BsonDocument spec)
    {
        Spec = spec;
        Name = spec["name"].AsString;
        Key = spec["key"].AsBsonDocument;
        Unique = spec.GetValue("unique", false).ToBoolean() || Name == "_id_";
        Sparse = spec.GetValue("sparse", false).ToBoolean();
        _fields = Key.Names.ToArray();
        _topLevel = _fields.Select(f => f.Split('.')[0]).Distinct(StringComparer.Ordinal).ToArray();
        Entries = Unique ? new Dictionary<BsonValue, long>(BsonValueComparer.Instance) : null;
        Ordered = IsQueryable(Key) ? new OrderedKeys() : null;
    }

    /// <summary>
    /// Bounds the keys one document may add (a compound index over arrays multiplies them); a document
    /// past it takes the index out of query planning for good, like mongod refusing parallel arrays.
    /// </summary>
    private const int MaxKeysPerDocument = 1024;

    /// <summary>The indexed paths, in key order.</summary>
    public IReadOnlyList<string> Fields => _fields;

    /// <summary>
    /// Every (key, record) pair, where a document's keys are the cartesian product of the values the
    /// query matcher sees at each path (<see cref="BsonPath.CollectValues"/>; missing is null). Null when
    /// the index cannot serve queries (special key types, or too many keys per document).
    /// </summary>
    public OrderedKeys? Ordered { get; private set; }

    /// <summary>True once some document had more than one value at an indexed path (sticky, as in mongod).</summary>
    public bool Multikey { get; private set; }

    public void AddOrdered(BsonDocument doc, long recordId)
    {
        if (Ordered is null)
        {
            return;
        }

        if (SingleOrderedKey(doc) is { } single)
        {
            Ordered.Add(new IndexEntry(single, recordId));
            return;
        }

        var keys = OrderedKeysOf(doc);
        if (keys is null)
        {
            Ordered = null;
            return;
        }

        foreach (var key in keys)
        {
            Ordered.Add(new IndexEntry(key, recordId));
        }
    }

    public void RemoveOrdered(BsonDocument doc, long recordId)
    {
        if (Ordered is null)
        {
            return;
        }

        // The key looked for is filled in place (entries are compared by value, the one given is not kept), then
        // cleared so as not to keep the removed version's values alive.
        var single = _removalKey ??= new BsonValue[_fields.Length];
        if (TryFillSingleOrderedKey(doc, single))
        {
            Ordered.Remove(new IndexEntry(single, recordId));
            Array.Clear(single);
            return;
        }

        Array.Clear(single);

        foreach (var key in OrderedKeysOf(doc) ?? [])
        {
            Ordered.Remove(new IndexEntry(key, recordId));
        }
    }

    /// <summary>Whether one of the indexed paths starts at one of the top-level <paramref name="names"/>.</summary>
    public bool ReadsAny(List<string> names)
    {
        foreach (var top in _topLevel)
        {
            foreach (var name in names)
            {
                if (string.Equals(top, name, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// False when both documents hold the same values at every indexed path, so an update from one to the other
    /// leaves this index's entries (ordered and unique) exactly as they are and need not touch them.
    /// </summary>
    public bool KeysDiffer(BsonDocument before, BsonDocument after)
    {
        if (Entries is null && Ordered is null)
        {
            return false; // keys are not kept (metadata-only index)
        }

        foreach (var field in _fields)
        {
            if (TopLevelScalar(before, field, out var x0) is { } beforeFound && TopLevelScalar(after, field, out var y0) is { } afterFound)
            {
                // The usual indexed field: top level, no array on either side. Same presence and same value (type
                // included) is the same key for both index kinds; anything else re-keys.
                if (beforeFound != afterFound || (beforeFound && (x0!.BsonType != y0!.BsonType || !BsonValueComparer.Instance.Equals(x0, y0))))
                {
                    return true;
                }

                continue;
            }

            if (Entries is not null && !SameValues(DocPath.GetAll(before, field), DocPath.GetAll(after, field)))
            {
                return true;
            }

            if (Ordered is not null)
            {
                List<BsonValue> x = [], y = [];
                CollectValues(before, field, x);
                CollectValues(after, field, y);
                if (!SameValues(x, y))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// For a path without a dot: whether the field is present (with its value), or null when the value is an array
    /// (whose keys are its elements: the general path). Null for dotted paths too.
    /// </summary>
    private static bool? TopLevelScalar(BsonDocument doc, string path, out BsonValue? value)
    {
        value = null;
        if (path.Contains('.', StringComparison.Ordinal))
        {
            return null;
        }

        if (!doc.TryGetValue(path, out var found))
        {
            return false;
        }

        value = found;
        return found is BsonArray ? null : true;
    }

    /// <summary>
    /// The values the query matcher sees at <paramref name="path"/>; a top-level field holding no array (the usual
    /// indexed field) is read directly instead of through a parsed path.
    /// </summary>
    private static void CollectValues(BsonDocument doc, string path, List<BsonValue> values)
    {
        if (!path.Contains('.', StringComparison.Ordinal))
        {
            var found = doc.TryGetValue(path, out var value);
            if (!found || value is not BsonArray)
            {
                if (found)
                {
                    values.Add(value);
                }

                return;
            }
        }

        BsonPath.CollectValues(doc, path, values);
    }

    // Same values, same types, same order: then every key derived from them is the same.
    private static bool SameValues(List<BsonValue> x, List<BsonValue> y)
    {
        if (x.Count != y.Count)
        {
            return false;
        }

        for (var i = 0; i < x.Count; i++)
        {
            if (x[i].BsonType != y[i].BsonType || !BsonValueComparer.Instance.Equals(x[i], y[i]))
            {
                return false;
            }
        }

        return true;
    }

    private List<BsonValue[]>? OrderedKeysOf(BsonDocument doc)
    {
        if (SingleOrderedKey(doc) is { } single)
        {
            return [single];
        }

        // The usual document has one value per indexed path: one key, built without the cartesian product.
        var perField = new List<BsonValue>[_fields.Length];
        long combinations = 1;
        for (var i = 0; i < _fields.Length; i++)
        {
            var values = new List<BsonValue>(1);
            CollectValues(doc, _fields[i], values);
            if (values.Count == 0)
            {
                values.Add(BsonNull.Value);
            }
            else if (values.Count > 1)
            {
                values = values.Distinct(BsonValueComparer.Instance).ToList();
                Multikey |= values.Count > 1;
            }

            combinations *= values.Count;
            if (combinations > MaxKeysPerDocument)
            {
                return null;
            }

            perField[i] = values;
        }

        if (combinations == 1)
        {
            var key = new BsonValue[_fields.Length];
            for (var i = 0; i < key.Length; i++)
            {
                key[i] = perField[i][0];
            }

            return [key];
        }

        var keys = new List<BsonValue[]> { Array.Empty<BsonValue>() };
        foreach (var distinct in perField)
        {
            keys = keys.SelectMany(prefix => distinct.Select(v => (BsonValue[])[.. prefix, v])).ToList();
        }

        return keys;
    }

    /// <summary>The one key of a document whose indexed fields are all top-level non-arrays (missing is null), else null.</summary>
    private BsonValue[]? SingleOrderedKey(BsonDocument doc)
    {
        var key = new BsonValue[_fields.Length];
        return TryFillSingleOrderedKey(doc, key) ? key : null;
    }

    private bool TryFillSingleOrderedKey(BsonDocument doc, BsonValue[] key)
    {
        for (var i = 0; i < key.Length; i++)
        {
            if (TopLevelScalar(doc, _fields[i], out var value) is not { } found)
            {
                return false;
            }

            key[i] = found ? value! : BsonNull.Value;
        }

        return true;
    }

    // Only plain ascending/descending keys over non-empty paths; text, hashed and geo keys are metadata.
    private static bool IsQueryable(BsonDocument key) =>
        key.ElementCount > 0 && key.All(e => e.Value.IsNumeric && e.Name.Length > 0 && !e.Name.StartsWith('$') && !e.Name.Split('.').Any(p => p.Length == 0));

    public string Name { get; }

    public BsonDocument Key { get; }

    public BsonDocument Spec { get; }

    public bool Unique { get; }

    public bool Sparse { get; }

    public Dictionary<BsonValue, long>? Entries { get; }

    /// <summary>
    /// The keys of a document as <see cref="Entries"/> holds them (several when a field is an array; empty when
    /// sparse-skipped): the value itself for a one-field index (no wrapper object per stored key), an array of the
    /// values in key order for a compound one.
    /// </summary>
    public List<BsonValue> EntryKeysOf(BsonDocument doc)
    {
        if (_fields.Length == 1 && TopLevelScalar(doc, _fields[0], out var value) is { } found)
        {
            // One top-level field holding no array (e.g. _id): one key, its value or null.
            return found ? [value!] : Sparse ? [] : [BsonNull.Value];
        }

        var perField = new List<List<BsonValue>>(_fields.Length);
        var anyPresent = false;
        foreach (var field in _fields)
        {
            var values = DocPath.GetAll(doc, field);
            if (values.Count == 0)
            {
                values.Add(BsonNull.Value);
            }
            else
            {
                anyPresent = true;
            }

            perField.Add(values.Distinct(BsonValueComparer.Instance).ToList());
        }

        if (Sparse && !anyPresent)
        {
            return [];
        }

        if (_fields.Length == 1)
        {
            return perField[0];
        }

        var keys = new List<BsonArray> { new() };
        foreach (var values in perField)
        {
            keys = keys.SelectMany(prefix => values.Select(v => new BsonArray(prefix) { v })).ToList();
        }

        return keys.ConvertAll(k => (BsonValue)k);
    }

    /// <summary>The index keys of a document as arrays of values in key order (for diagnostics).</summary>
    public List<BsonArray> KeysOf(BsonDocument doc) => EntryKeysOf(doc).ConvertAll(KeyArray);

    /// <summary>An entry key (<see cref="EntryKeysOf"/>) as the array of its values in key order.</summary>
    public BsonArray KeyArray(BsonValue entryKey) => _fields.Length == 1 ? new BsonArray(1) { entryKey } : (BsonArray)entryKey;

    /// <summary>The 11000 error mongod reports when <paramref name="key"/> is already taken.</summary>
    public MongoErrorException DuplicateKeyError(string ns, BsonValue entryKey)
    {
        var key = KeyArray(entryKey);
        var keyValue = new BsonDocument();
        for (var i = 0; i < _fields.Length; i++)
        {
            keyValue[_fields[i]] = key[i];
        }

        var shown = string.Join(", ", keyValue.Select(e => $"{e.Name}: {e.Value.ToJson(new MongoDB.Bson.IO.JsonWriterSettings { OutputMode = MongoDB.Bson.IO.JsonOutputMode.Shell })}"));
        return new MongoErrorException(11000, "DuplicateKey", $"E11000 duplicate key error collection: {ns} index: {Name} dup key: {{ {shown} }}")
        {
            ExtraInfo = new BsonDocument { { "keyPattern", Key }, { "keyValue", keyValue } },
        };
    }
}
