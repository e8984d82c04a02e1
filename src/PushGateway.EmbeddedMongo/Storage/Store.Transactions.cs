using MongoDB.Bson;
using PushGateway.EmbeddedMongo.ChangeStreams;
using PushGateway.EmbeddedMongo.Commands;
using PushGateway.EmbeddedMongo.Sessions;

namespace PushGateway.EmbeddedMongo.Storage;

/// <summary>
/// Multi-document transactions. A transaction works on private copies of the collections it touches (taken at
/// its first read or write of each), so its writes are invisible to others; commit replays its writes onto the
/// committed collections under the store lock and journals their events as one record, so a commit is all or
/// nothing, also across a crash. A document written by an open transaction is locked: another transaction
/// writing it fails with WriteConflict (112), and so does a transaction writing a document that changed since
/// its snapshot. A write outside any transaction to a locked document aborts the transaction holding it (mongod
/// makes that write wait instead; both orders are serializable, and the aborted transaction's next command
/// answers NoSuchTransaction with the TransientTransactionError label, so drivers retry it).
/// </summary>
internal sealed partial class Store
{
    private readonly AsyncLocal<Transaction?> _ambient = new();
    private readonly Dictionary<string, Transaction> _documentLocks = new(StringComparer.Ordinal);
    private CommitBatch? _commitBatch;

    /// <summary>Runs the current command (and what it awaits) inside <paramref name="transaction"/>.</summary>
    public void EnterTransaction(Transaction? transaction) => _ambient.Value = transaction;

    public static string DocumentLockKey(string ns, BsonValue id) => ns + "\u0000" + id.ToJson();

    /// <summary>Applies every write of the transaction to the committed collections, atomically. Callers hold <see cref="Sync"/>.</summary>
    public void CommitTransaction(Transaction txn)
    {
        ReleaseLocks(txn);
        _commitBatch = new CommitBatch(txn, txn.Ops.Count == 0 ? _clock.Current : _clock.Tick());
        var undo = new List<Action>();
        try
        {
            foreach (var op in txn.Ops)
            {
                ApplyCommitted(op, undo);
            }
        }
        catch (MongoErrorException error)
        {
            for (var i = undo.Count - 1; i >= 0; i--)
            {
                undo[i]();
            }

            _commitBatch = null;
            txn.State = TransactionState.Aborted;
            txn.ForgetCollections();
            throw WriteConflict($"a write outside the transaction conflicts with it ({error.Message})");
        }

        var events = _commitBatch.Events;
        _commitBatch = null;
        txn.State = TransactionState.Committed;
        txn.ForgetCollections();
        if (events.Count > 0)
        {
            _journal?.Append(new BsonDocument { { "kind", "txn" }, { "events", new BsonArray(events.Select(e => e.ToRecord())) } });
            foreach (var change in events)
            {
                ChangeLog.Append(change);
            }
        }
    }

    /// <summary>Discards the transaction's writes and releases its locks. Callers hold <see cref="Sync"/>.</summary>
    public void AbortTransaction(Transaction txn)
    {
        ReleaseLocks(txn);
        txn.State = TransactionState.Aborted;
        txn.ForgetCollections();
    }

    public static MongoErrorException WriteConflict(string detail) =>
        new(112, "WriteConflict", $"Write conflict during plan execution and yielding is disabled. :: Please retry your operation or multi-document transaction. ({detail})", ["TransientTransactionError"]);

    private CollectionState? TransactionCollection(Transaction txn, string db, string coll, bool create)
    {
        if (txn.TryGetCollection(db, coll, out var copy))
        {
            return copy;
        }

        var committed = TryGetCommitted(db, coll);
        if (committed is null && !create)
        {
            return null;
        }

        if (committed is null)
        {
            ValidateNamespace(db, coll);
            copy = new CollectionState(db, coll, [], Guid.NewGuid());
            txn.Created.Add((db, coll));
            txn.Ops.Add(new TransactionOp(TransactionOpKind.Create, db, coll));
        }
        else
        {
            copy = committed.Snapshot();
        }

        txn.SetCollection(copy);
        return copy;
    }

    private CollectionState CreateInTransaction(Transaction txn, string db, string coll, BsonDocument options)
    {
        if ((txn.TryGetCollection(db, coll, out var existing) && existing is not null) || TryGetCommitted(db, coll) is not null)
        {
            throw MongoErrorException.NamespaceExists($"Collection {db}.{coll} already exists.");
        }

        var copy = new CollectionState(db, coll, options, Guid.NewGuid());
        txn.SetCollection(copy);
        txn.Created.Add((db, coll));
        txn.Ops.Add(new TransactionOp(TransactionOpKind.Create, db, coll, Document: options));
        return copy;
    }

    private static void CreateIndexInTransaction(Transaction txn, CollectionState c, BsonDocument spec)
    {
        if (!txn.Created.Contains((c.Database, c.Name)))
        {
            throw new MongoErrorException(263, "OperationNotSupportedInTransaction", $"Cannot create new indexes on existing collection {c.Namespace} in a multi-document transaction.");
        }

        c.AddIndex(new IndexState(spec));
        txn.Ops.Add(new TransactionOp(TransactionOpKind.CreateIndex, c.Database, c.Name, Document: spec));
    }

    private void InsertInTransaction(Transaction txn, CollectionState c, BsonDocument doc)
    {
        Claim(txn, c, doc["_id"]);
        c.Insert(doc);
        txn.Ops.Add(new TransactionOp(TransactionOpKind.Insert, c.Database, c.Name, doc["_id"], doc));
    }

    private void UpdateInTransaction(Transaction txn, CollectionState c, long recordId, BsonDocument before, BsonDocument after, BsonDocument? updateDescription)
    {
        Claim(txn, c, before["_id"]);
        c.Replace(recordId, after);
        txn.Ops.Add(new TransactionOp(TransactionOpKind.Update, c.Database, c.Name, before["_id"], after, updateDescription));
    }

    private void DeleteInTransaction(Transaction txn, CollectionState c, long recordId, BsonDocument before)
    {
        Claim(txn, c, before["_id"]);
        c.Delete(recordId);
        txn.Ops.Add(new TransactionOp(TransactionOpKind.Delete, c.Database, c.Name, before["_id"]));
    }

    /// <summary>Locks a document for the transaction, or fails with WriteConflict (which aborts the transaction).</summary>
    private void Claim(Transaction txn, CollectionState copy, BsonValue id)
    {
        var key = DocumentLockKey(copy.Namespace, id);
        if (txn.WrittenBases.ContainsKey(key))
        {
            return;
        }

        if (_documentLocks.TryGetValue(key, out var owner) && owner != txn)
        {
            throw WriteConflict("the document is written by another open transaction");
        }

        var snapshotVersion = copy.TryFindById(id, out _, out var seen) ? seen : null;
        var committed = TryGetCommitted(copy.Database, copy.Name);
        var committedVersion = committed is not null && committed.TryFindById(id, out _, out var current) ? current : null;
        var sameCollection = committed is null ? txn.Created.Contains((copy.Database, copy.Name)) : committed.Uuid == copy.Uuid;
        if (!ReferenceEquals(snapshotVersion, committedVersion) || !sameCollection)
        {
            throw WriteConflict("the document changed since the transaction's snapshot");
        }

        txn.WrittenBases[key] = snapshotVersion;
        _documentLocks[key] = txn;
    }

    /// <summary>Dropping or renaming a collection aborts the open transactions that wrote to it.</summary>
    private void AbortTransactionsOn(string ns)
    {
        if (_documentLocks.Count == 0)
        {
            return;
        }

        var prefix = ns + "\u0000";
        foreach (var owner in _documentLocks.Where(l => l.Key.StartsWith(prefix, StringComparison.Ordinal)).Select(l => l.Value).Distinct().ToList())
        {
            AbortTransaction(owner);
        }
    }

    /// <summary>A write outside transactions wins over an open transaction that wrote the same document.</summary>
    private void AbortTransactionHolding(CollectionState c, BsonValue id)
    {
        if (_documentLocks.Count > 0 && _documentLocks.TryGetValue(DocumentLockKey(c.Namespace, id), out var owner))
        {
            AbortTransaction(owner);
        }
    }

    private void ReleaseLocks(Transaction txn)
    {
        foreach (var key in txn.WrittenBases.Keys)
        {
            if (_documentLocks.TryGetValue(key, out var owner) && owner == txn)
            {
                _documentLocks.Remove(key);
            }
        }
    }

    private void ApplyCommitted(TransactionOp op, List<Action> undo)
    {
        var existing = TryGetCommitted(op.Database, op.Collection);
        switch (op.Kind)
        {
            case TransactionOpKind.Create when op.Document is null && existing is not null:
                // Created implicitly by a first insert, and meanwhile by someone else too: both want it to exist.
                break;
            case TransactionOpKind.Create:
                CreateCollection(op.Database, op.Collection, op.Document ?? []);
                undo.Add(() => _databases[op.Database].Remove(op.Collection));
                break;
            case TransactionOpKind.CreateIndex:
                var target = existing ?? throw WriteConflict($"collection {op.Database}.{op.Collection} was dropped");
                var index = new IndexState(op.Document!);
                CreateIndex(target, op.Document!);
                undo.Add(() => target.Indexes.RemoveAll(i => i.Name == index.Name));
                break;
            case TransactionOpKind.Insert:
                var c = existing ?? throw WriteConflict($"collection {op.Database}.{op.Collection} was dropped");
                Insert(c, op.Document!);
                undo.Add(() =>
                {
                    if (c.TryFindById(op.Id!, out var rid, out _))
                    {
                        c.Delete(rid);
                    }
                });
                break;
            case TransactionOpKind.Update:
                if (existing is null || !existing.TryFindById(op.Id!, out var updated, out var before))
                {
                    throw WriteConflict("the document was deleted outside the transaction");
                }

                Update(existing, updated, before!, op.Document!, op.UpdateDescription);
                undo.Add(() => existing.Replace(updated, before!));
                break;
            case TransactionOpKind.Delete:
                if (existing is null || !existing.TryFindById(op.Id!, out var deleted, out var gone))
                {
                    throw WriteConflict("the document was deleted outside the transaction");
                }

                Delete(existing, deleted, gone!);
                undo.Add(() => existing.Insert(gone!));
                break;
        }
    }

    private sealed class CommitBatch(Transaction transaction, BsonTimestamp clusterTime)
    {
        public Transaction Transaction { get; } = transaction;

        public BsonTimestamp ClusterTime { get; } = clusterTime;

        public List<ChangeEvent> Events { get; } = [];
    }
}
