using MongoDB.Bson;
using PushGateway.EmbeddedMongo.Commands;

namespace PushGateway.EmbeddedMongo.Storage;

/// <summary>
/// The documents of one collection in natural (insertion) order, keyed by a record id that never
/// changes on update, plus its indexes. Not thread-safe: callers hold <see cref="Store.Sync"/>.
/// </summary>
internal sealed partial class CollectionState
{
    private readonly RecordTable _records = new();
    private long _nextRecordId = 1;
    private long? _dataSize;
    private string _name = "";

    // The top-level fields an update changed and the indexes it re-keys: two lists reused by every update instead of
    // allocated for each (callers hold Store.Sync, and Replace does not re-enter).
    private readonly List<string> _touched = [];
    private readonly List<IndexState> _rekeyed = [];

    public CollectionState(string database, string name, BsonDocument options, Guid uuid)
    {
        Database = database;
        Name = name;
        Options = options;
        Uuid = uuid;
        Indexes.Add(new IndexState(new BsonDocument { { "v", 2 }, { "key", new BsonDocument("_id", 1) }, { "name", "_id_" } }));
    }

    public string Database { get; }

    public string Name
    {
        get => _name;
        set
        {
            _name = value;
            Namespace = $"{Database}.{value}";
        }
    }

    /// <summary><c>db.coll</c> (kept: every write's uniqueness check names it).</summary>
    public string Namespace { get; private set; } = "";

    public BsonDocument Options { get; set; }

    public Guid Uuid { get; }

    public List<IndexState> Indexes { get; } = [];

    public int Count => _records.Count;

    /// <summary>
    /// Total BSON size of the documents, computed when asked after a write (collStats, dbStats, listDatabases):
    /// keeping it current serialised every document twice per update.
    /// </summary>
    public long DataSize => _dataSize ??= _records.Values.Sum(d => (long)d.ToBson().Length);

    /// <summary>True when the collection stores pre- and post-images for change streams.</summary>
    public bool PreAndPostImages =>
        Options.TryGetValue("changeStreamPreAndPostImages", out var v) && v is BsonDocument d && d.GetValue("enabled", false).ToBoolean();

    private IndexState IdIndex => Indexes[0];

    public IEnumerable<KeyValuePair<long, BsonDocument>> Scan() => _records.Scan();

    public IEnumerable<BsonDocument> Documents => _records.Values;

    public bool TryFindById(BsonValue id, out long recordId, out BsonDocument? doc)
    {
        if (IdIndex.Entries!.TryGetValue(id, out recordId))
        {
            doc = _records[recordId];
            return true;
        }

        doc = null;
        return false;
    }

    public BsonDocument Get(long recordId) => _records[recordId];

    /// <summary>Inserts, or throws 11000 without changing anything.</summary>
    public long Insert(BsonDocument doc)
    {
        var keys = CheckUnique(Indexes, doc, null, Namespace);
        var recordId = _nextRecordId++;
        _records.Add(recordId, doc);
        _dataSize = null;
        AddKeys(Indexes, keys, doc, recordId);
        return recordId;
    }

    /// <summary>Replaces a document in place (natural order is kept), or throws 11000 without changing anything.</summary>
    /// <remarks>Only indexes whose keys changed are re-keyed: an update of unindexed fields touches no index.</remarks>
    public void Replace(long recordId, BsonDocument newDoc)
    {
        var old = _records[recordId];
        var sameOrder = TopLevelChanges.Between(old, newDoc, _touched);
        var changed = _rekeyed;
        changed.Clear();
        foreach (var index in Indexes)
        {
            if ((!sameOrder || index.ReadsAny(_touched)) && index.KeysDiffer(old, newDoc))
            {
                changed.Add(index);
            }
        }

        var keys = CheckUnique(changed, newDoc, recordId, Namespace);
        RemoveKeys(changed, old, recordId);
        _records.Set(recordId, newDoc);
        _dataSize = null;
        AddKeys(changed, keys, newDoc, recordId);
        changed.Clear();
    }

    public void Delete(long recordId)
    {
        var old = _records[recordId];
        RemoveKeys(Indexes, old, recordId);
        _records.Remove(recordId);
        _dataSize = null;
    }

    /// <summary>Adds an index, or throws 11000 when existing documents violate its uniqueness.</summary>
    public void AddIndex(IndexState index)
    {
        if (index.Entries is not null)
        {
            foreach (var (recordId, doc) in _records.Scan())
            {
                foreach (var key in index.EntryKeysOf(doc))
                {
                    if (index.Entries.TryGetValue(key, out var other) && other != recordId)
                    {
                        index.Entries.Clear();
                        throw index.DuplicateKeyError(Namespace, key);
                    }

                    index.Entries[key] = recordId;
                }
            }
        }

        foreach (var (recordId, doc) in _records.Scan())
        {
            index.AddOrdered(doc, recordId);
        }

        Indexes.Add(index);
    }

    /// <summary>The keys each unique index among <paramref name="indexes"/> will hold for the document (null when none is unique).</summary>
    private static List<(IndexState Index, List<BsonValue> Keys)>? CheckUnique(List<IndexState> indexes, BsonDocument doc, long? self, string ns)
    {
        List<(IndexState, List<BsonValue>)>? result = null;
        foreach (var index in indexes)
        {
            if (index.Entries is null)
            {
                continue;
            }

            var keys = index.EntryKeysOf(doc);
            foreach (var key in keys)
            {
                if (index.Entries.TryGetValue(key, out var other) && other != self)
                {
                    throw index.DuplicateKeyError(ns, key);
                }
            }

            (result ??= []).Add((index, keys));
        }

        return result;
    }

    private static void AddKeys(List<IndexState> indexes, List<(IndexState Index, List<BsonValue> Keys)>? keys, BsonDocument doc, long recordId)
    {
        foreach (var index in indexes)
        {
            index.AddOrdered(doc, recordId);
        }

        foreach (var (index, list) in keys ?? [])
        {
            foreach (var key in list)
            {
                index.Entries![key] = recordId;
            }
        }
    }

    private static void RemoveKeys(List<IndexState> indexes, BsonDocument doc, long recordId)
    {
        foreach (var index in indexes)
        {
            index.RemoveOrdered(doc, recordId);
            if (index.Entries is null)
            {
                continue;
            }

            foreach (var key in index.EntryKeysOf(doc))
            {
                index.Entries.Remove(key);
            }
        }
    }

    /// <summary>Fails with mongod's error unless an index of that name exists; the _id index cannot be dropped.</summary>
    public IndexState RequireDroppableIndex(string name)
    {
        if (name == "_id_")
        {
            throw new MongoErrorException(72, "InvalidOptions", "cannot drop _id index");
        }

        return Indexes.FirstOrDefault(i => i.Name == name)
            ?? throw new MongoErrorException(27, "IndexNotFound", $"index not found with name [{name}]");
    }
}
