using MongoDB.Bson;
using PushGateway.EmbeddedMongo.Storage;

namespace PushGateway.EmbeddedMongo.Sessions;

/// <summary>
/// One multi-document transaction of a session: private copies of the collections it touched (its snapshot
/// plus its own writes), the writes to replay at commit, and the committed version of each document it wrote
/// (to detect write conflicts). Touched only under <see cref="Store.Sync"/>.
/// </summary>
internal sealed class Transaction(string sessionKey, BsonDocument lsid, long txnNumber)
{
    private readonly Dictionary<(string Db, string Coll), CollectionState> _collections = [];

    public string SessionKey { get; } = sessionKey;

    /// <summary>The session id as change events carry it: <c>{id, uid}</c>.</summary>
    public BsonDocument Lsid { get; } = lsid;

    public long TxnNumber { get; } = txnNumber;

    public TransactionState State { get; set; } = TransactionState.InProgress;

    /// <summary>When the transaction started (for <c>$currentOp</c>).</summary>
    public DateTime StartedAt { get; init; }

    /// <summary>Writes in statement order.</summary>
    public List<TransactionOp> Ops { get; } = [];

    /// <summary>Per written document (<see cref="Store.DocumentLockKey"/>): its committed version when first written (null: absent).</summary>
    public Dictionary<string, BsonDocument?> WrittenBases { get; } = new(StringComparer.Ordinal);

    /// <summary>Collections created inside this transaction (explicitly or by a first insert).</summary>
    public HashSet<(string Db, string Coll)> Created { get; } = [];

    /// <summary>Aborts the transaction when it outlives the lifetime limit.</summary>
    public ITimer? Expiry { get; set; }

    public bool TryGetCollection(string db, string coll, out CollectionState? collection) =>
        _collections.TryGetValue((db, coll), out collection);

    public void SetCollection(CollectionState collection) => _collections[(collection.Database, collection.Name)] = collection;

    /// <summary>Drops the copies, writes and bases once the transaction has ended (the session may keep it for retries).</summary>
    public void ForgetCollections()
    {
        _collections.Clear();
        Ops.Clear();
        WrittenBases.Clear();
    }
}
