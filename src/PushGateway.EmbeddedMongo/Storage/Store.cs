using MongoDB.Bson;
using PushGateway.Query.Bson;
using PushGateway.EmbeddedMongo.ChangeStreams;
using PushGateway.EmbeddedMongo.Commands;
using PushGateway.EmbeddedMongo.Durability;

namespace PushGateway.EmbeddedMongo.Storage;

/// <summary>
/// All databases, the change log and the journal behind one lock. Every mutation appends exactly one
/// change event (the commit order) and its journal record; <see cref="Commit"/> makes them durable.
/// One lock keeps each write atomic and the event order equal to the commit order.
/// </summary>
internal sealed partial class Store
{
    private readonly Dictionary<string, Dictionary<string, CollectionState>> _databases = new(StringComparer.Ordinal);
    private readonly ClusterClock _clock;
    private Journal? _journal;
    private bool _replaying;

    public Store(ClusterClock clock, ChangeLog changeLog)
    {
        _clock = clock;
        ChangeLog = changeLog;
    }

    public Lock Sync { get; } = new();

    public ChangeLog ChangeLog { get; }

    public ClusterClock Clock => _clock;

    public IEnumerable<string> DatabaseNames => _databases.Where(d => d.Value.Count > 0).Select(d => d.Key);

    public IReadOnlyCollection<CollectionState> CollectionsOf(string db) =>
        _databases.TryGetValue(db, out var colls) ? colls.Values : [];

    /// <summary>The collection as the current command sees it: inside a transaction, the transaction's copy.</summary>
    public CollectionState? TryGetCollection(string db, string coll) =>
        _ambient.Value is { } txn ? TransactionCollection(txn, db, coll, create: false) : TryGetCommitted(db, coll);

    /// <summary>The committed collection, whatever transaction the current command runs in.</summary>
    public CollectionState? TryGetCommitted(string db, string coll) =>
        _databases.TryGetValue(db, out var colls) && colls.TryGetValue(coll, out var c) ? c : null;

    private DataDirectory? _dataDirectory;

    /// <summary>Journal size that triggers a snapshot, so restarts never replay more than this.</summary>
    private long _compactAfterBytes = long.MaxValue;

    public void AttachJournal(Journal journal, DataDirectory dataDirectory, long compactAfterBytes)
    {
        _journal = journal;
        _dataDirectory = dataDirectory;
        _compactAfterBytes = compactAfterBytes;
    }

    /// <summary>Makes this command's journal records durable before the reply is sent (no store lock needed).</summary>
    public void Commit()
    {
        if (_journal is null)
        {
            return;
        }

        _journal.Commit();
        if (_journal.BytesSinceReset > _compactAfterBytes)
        {
            lock (Sync)
            {
                if (_journal.BytesSinceReset > _compactAfterBytes)
                {
                    _dataDirectory!.Compact(this);
                }
            }
        }
    }

    public CollectionState GetOrCreateCollection(string db, string coll) =>
        _ambient.Value is { } txn
            ? TransactionCollection(txn, db, coll, create: true)!
            : TryGetCommitted(db, coll) ?? CreateCollection(db, coll, []);

    public CollectionState CreateCollection(string db, string coll, BsonDocument options)
    {
        ValidateNamespace(db, coll);
        if (_ambient.Value is { } txn)
        {
            return CreateInTransaction(txn, db, coll, options);
        }

        if (TryGetCommitted(db, coll) is not null)
        {
            throw MongoErrorException.NamespaceExists($"Collection {db}.{coll} already exists.");
        }

        var uuid = Guid.NewGuid();
        var state = AddCollection(db, coll, options, uuid);
        Emit("create", db, coll, uuid, expanded: true, new BsonDocument("operationDescription", new BsonDocument("idIndex", new BsonDocument { { "v", 2 }, { "key", new BsonDocument("_id", 1) }, { "name", "_id_" } })), apply: new BsonDocument("options", options));
        return state;
    }

    public void Insert(CollectionState c, BsonDocument doc)
    {
        if (_ambient.Value is { } txn)
        {
            InsertInTransaction(txn, c, doc);
            return;
        }

        AbortTransactionHolding(c, doc["_id"]);
        c.Insert(doc);
        var body = ExactDocuments.Create([new("fullDocument", doc), new("documentKey", DocumentKey(doc))]);
        Emit("insert", c.Database, c.Name, c.Uuid, false, body, post: c.PreAndPostImages ? doc : null);
    }

    /// <summary>Replaces a stored document; <paramref name="updateDescription"/> null means a replacement event.</summary>
    public void Update(CollectionState c, long recordId, BsonDocument before, BsonDocument after, BsonDocument? updateDescription)
    {
        if (_ambient.Value is { } txn)
        {
            UpdateInTransaction(txn, c, recordId, before, after, updateDescription);
            return;
        }

        AbortTransactionHolding(c, before["_id"]);
        c.Replace(recordId, after);
        var body = ExactDocuments.Create(updateDescription is null
            ? [new("documentKey", DocumentKey(after)), new("fullDocument", after)]
            : [new("documentKey", DocumentKey(after)), new("updateDescription", updateDescription)]);
        var images = c.PreAndPostImages;
        Emit(updateDescription is null ? "replace" : "update", c.Database, c.Name, c.Uuid, false, body,
            pre: images ? before : null, post: images ? after : null, apply: ExactDocuments.Create([new("doc", after)]));
    }

    private static BsonDocument DocumentKey(BsonDocument doc) => ExactDocuments.Create([new("_id", doc["_id"])]);

    public void Delete(CollectionState c, long recordId, BsonDocument before)
    {
        if (_ambient.Value is { } txn)
        {
            DeleteInTransaction(txn, c, recordId, before);
            return;
        }

        AbortTransactionHolding(c, before["_id"]);
        c.Delete(recordId);
        var body = new BsonDocument("documentKey", new BsonDocument("_id", before["_id"]));
        Emit("delete", c.Database, c.Name, c.Uuid, false, body, pre: c.PreAndPostImages ? before : null);
    }

    public void DropCollection(CollectionState c)
    {
        AbortTransactionsOn(c.Namespace);
        _databases[c.Database].Remove(c.Name);
        Emit("drop", c.Database, c.Name, c.Uuid, false, []);
    }

    public void DropDatabase(string db)
    {
        if (!_databases.TryGetValue(db, out var colls) || colls.Count == 0)
        {
            return;
        }

        foreach (var c in colls.Values.ToList())
        {
            DropCollection(c);
        }

        _databases.Remove(db);
        Emit("dropDatabase", db, null, null, false, []);
    }

    public void Rename(CollectionState c, string toDb, string toColl, bool dropTarget)
    {
        ValidateNamespace(toDb, toColl);
        var target = TryGetCommitted(toDb, toColl);
        var apply = new BsonDocument();
        if (target is not null)
        {
            if (!dropTarget)
            {
                throw MongoErrorException.NamespaceExists("target namespace exists");
            }

            DropCollection(target);
            apply["dropTarget"] = new BsonBinaryData(target.Uuid, GuidRepresentation.Standard);
        }

        AbortTransactionsOn(c.Namespace);
        MoveCollection(c, toDb, toColl);
        var body = new BsonDocument("to", new BsonDocument { { "db", toDb }, { "coll", toColl } });
        apply["to"] = body["to"];
        Emit("rename", c.Database, c.Name, c.Uuid, false, body, apply: apply);
    }

    public void CreateIndex(CollectionState c, BsonDocument spec)
    {
        if (_ambient.Value is { } txn)
        {
            CreateIndexInTransaction(txn, c, spec);
            return;
        }

        c.AddIndex(new IndexState(spec));
        Emit("createIndexes", c.Database, c.Name, c.Uuid, true, new BsonDocument("operationDescription", new BsonDocument("indexes", new BsonArray { spec })), apply: new BsonDocument("spec", spec));
    }

    public void DropIndex(CollectionState c, IndexState index)
    {
        c.Indexes.Remove(index);
        Emit("dropIndexes", c.Database, c.Name, c.Uuid, true, new BsonDocument("operationDescription", new BsonDocument("indexes", new BsonArray { index.Spec })), apply: new BsonDocument("name", index.Name));
    }

    public void Modify(CollectionState c, BsonDocument options)
    {
        c.Options = options;
        Emit("modify", c.Database, c.Name, c.Uuid, true, [], apply: new BsonDocument("options", options));
    }

    private CollectionState AddCollection(string db, string coll, BsonDocument options, Guid uuid)
    {
        if (!_databases.TryGetValue(db, out var colls))
        {
            colls = new Dictionary<string, CollectionState>(StringComparer.Ordinal);
            _databases[db] = colls;
        }

        var state = new CollectionState(db, coll, options, uuid);
        colls[coll] = state;
        return state;
    }

    private void MoveCollection(CollectionState c, string toDb, string toColl)
    {
        _databases[c.Database].Remove(c.Name);
        var moved = AddCollection(toDb, toColl, c.Options, c.Uuid);
        foreach (var index in c.Indexes.Skip(1))
        {
            moved.AddIndex(new IndexState(index.Spec));
        }

        foreach (var doc in c.Documents)
        {
            moved.Insert(doc);
        }
    }

    private void Emit(string op, string db, string? coll, Guid? uuid, bool expanded, BsonDocument body, BsonDocument? pre = null, BsonDocument? post = null, BsonDocument? apply = null)
    {
        if (_replaying)
        {
            return;
        }

        // A transaction's events share the commit's cluster time, as mongod's applyOps entries do.
        var ts = _commitBatch?.ClusterTime ?? _clock.Tick();
        var wall = _clock.TimeProvider.GetUtcNow().UtcDateTime;
        var change = new ChangeEvent
        {
            Seq = ChangeLog.NextSeq + (_commitBatch?.Events.Count ?? 0),
            ClusterTime = ts,
            WallTime = wall,
            OperationType = op,
            Database = db,
            Collection = coll,
            CollectionUuid = uuid,
            Expanded = expanded,
            Fields = body,
            Transaction = _commitBatch is null ? null : (_commitBatch.Transaction.Lsid, _commitBatch.Transaction.TxnNumber),
            // Stored documents are never mutated in place (updates build new ones), so sharing is safe.
            PreImage = pre,
            PostImage = post,
            Apply = apply,
        };
        if (_commitBatch is not null)
        {
            // Journaled and published together when the whole transaction has been applied.
            _commitBatch.Events.Add(change);
            return;
        }

        _journal?.Append(change.ToRecord());
        ChangeLog.Append(change);
    }

    private static void ValidateNamespace(string db, string coll)
    {
        if (string.IsNullOrEmpty(db) || db.IndexOfAny(['/', '\\', '.', ' ', '"', '$', '\0']) >= 0)
        {
            throw new MongoErrorException(73, "InvalidNamespace", $"Invalid database name: '{db}'");
        }

        if (string.IsNullOrEmpty(coll) || coll.Contains('$', StringComparison.Ordinal) || coll.Contains('\0', StringComparison.Ordinal) || coll.StartsWith('.'))
        {
            throw new MongoErrorException(73, "InvalidNamespace", $"Invalid collection name: {coll}");
        }
    }
}
