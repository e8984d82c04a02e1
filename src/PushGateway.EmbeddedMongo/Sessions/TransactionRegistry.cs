using Microsoft.Extensions.Logging;
using MongoDB.Bson;
using PushGateway.EmbeddedMongo.Commands;
using PushGateway.EmbeddedMongo.Storage;

namespace PushGateway.EmbeddedMongo.Sessions;

/// <summary>
/// The transaction of every session, by <c>lsid</c> and <c>txnNumber</c>, following mongod 7.0's rules for
/// starting, continuing, committing (retries included) and aborting, and its transaction lifetime limit
/// (<c>transactionLifetimeLimitSeconds</c>) for abandoned transactions. Guarded by <see cref="Store.Sync"/>.
/// </summary>
internal sealed class TransactionRegistry(Store store, TimeProvider timeProvider, ILogger logger)
{
    /// <summary>The commands mongod 7.0 runs inside a multi-document transaction.</summary>
    private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal)
    {
        "find", "getMore", "killCursors", "insert", "update", "delete", "findAndModify", "findandmodify",
        "aggregate", "distinct", "create", "createIndexes", "commitTransaction", "abortTransaction",
    };

    /// <summary>SHA-256 of the empty user name: the <c>lsid.uid</c> mongod reports without authentication.</summary>
    private static readonly BsonBinaryData AnonymousUid = new(Convert.FromBase64String("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="), BsonBinarySubType.Binary);

    private readonly Dictionary<string, Transaction> _sessions = new(StringComparer.Ordinal);

    /// <summary>How long a transaction may stay open before the server aborts it (mongod's default: 60 s).</summary>
    public TimeSpan LifetimeLimit { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Checks a command that carries <c>autocommit</c>/<c>startTransaction</c> and returns the transaction it runs in
    /// (null for commit and abort, which find theirs themselves); throws mongod's error when it may not run.
    /// </summary>
    public Transaction? Enter(string name, BsonDocument command)
    {
        if (!command.TryGetValue("autocommit", out var autocommit))
        {
            throw new MongoErrorException(50768, "Location50768", "txnNumber may only be provided for multi-document transactions and retryable write commands. autocommit:false was not provided, and " + name + " is not a retryable write command.");
        }

        if (autocommit.ToBoolean())
        {
            throw new MongoErrorException(72, "InvalidOptions", "Specifying autocommit=true is not allowed.");
        }

        var session = RetryCache.SessionKey(command)
            ?? throw new MongoErrorException(72, "InvalidOptions", "Transaction numbers are only allowed on commands with a session id (lsid)");
        if (!command.TryGetValue("txnNumber", out var number) || !number.IsNumeric)
        {
            throw new MongoErrorException(72, "InvalidOptions", "'autocommit' field requires a transaction number to also be specified");
        }

        if (!Allowed.Contains(name))
        {
            throw new MongoErrorException(263, "OperationNotSupportedInTransaction", $"Cannot run '{name}' in a multi-document transaction.");
        }

        var txnNumber = number.ToInt64();
        var starting = command.GetValue("startTransaction", false).ToBoolean();
        lock (store.Sync)
        {
            _sessions.TryGetValue(session, out var current);
            if (starting)
            {
                return Start(session, command, txnNumber, current);
            }

            if (name is "commitTransaction" or "abortTransaction")
            {
                return null;
            }

            var txn = Require(current, txnNumber);
            if (txn.State == TransactionState.Committed)
            {
                throw new MongoErrorException(256, "TransactionCommitted", $"Transaction with {{ txnNumber: {txnNumber} }} has been committed.");
            }

            return txn;
        }
    }

    /// <summary>After a statement: an error (or a write error) inside a transaction aborts it, as in mongod.</summary>
    public void Leave(Transaction txn, bool failed)
    {
        if (!failed)
        {
            return;
        }

        lock (store.Sync)
        {
            if (txn.State == TransactionState.InProgress)
            {
                Abort(txn);
            }
        }
    }

    public BsonDocument Commit(BsonDocument command)
    {
        var (session, txnNumber) = Identify(command);
        lock (store.Sync)
        {
            var txn = Require(_sessions.GetValueOrDefault(session), txnNumber);
            if (txn.State == TransactionState.InProgress)
            {
                txn.Expiry?.Dispose();
                store.CommitTransaction(txn);
            }

            // A retried commit of a committed transaction succeeds again (UnknownTransactionCommitResult retries).
            return [];
        }
    }

    public BsonDocument Abort(BsonDocument command)
    {
        var (session, txnNumber) = Identify(command);
        lock (store.Sync)
        {
            var txn = Require(_sessions.GetValueOrDefault(session), txnNumber);
            if (txn.State == TransactionState.Committed)
            {
                throw new MongoErrorException(256, "TransactionCommitted", $"Transaction with {{ txnNumber: {txnNumber} }} has been committed.");
            }

            Abort(txn);
            return [];
        }
    }

    /// <summary>Ends sessions (<c>endSessions</c>): their open transactions are aborted.</summary>
    public void EndSession(string session)
    {
        lock (store.Sync)
        {
            if (_sessions.Remove(session, out var txn) && txn.State == TransactionState.InProgress)
            {
                Abort(txn);
            }
        }
    }

    /// <summary><c>killAllSessions</c>: every open transaction is aborted.</summary>
    public void KillAll()
    {
        lock (store.Sync)
        {
            foreach (var txn in _sessions.Values.Where(t => t.State == TransactionState.InProgress).ToList())
            {
                Abort(txn);
            }
        }
    }

    /// <summary>Open transactions, for <c>currentOp</c>.</summary>
    public List<Transaction> Open()
    {
        lock (store.Sync)
        {
            return [.. _sessions.Values.Where(t => t.State == TransactionState.InProgress)];
        }
    }

    private Transaction Start(string session, BsonDocument command, long txnNumber, Transaction? current)
    {
        if (current is not null && current.TxnNumber > txnNumber)
        {
            throw new MongoErrorException(225, "TransactionTooOld", $"Cannot start transaction {txnNumber} on session {session} because a newer transaction {current.TxnNumber} has already started.");
        }

        if (current is not null && current.TxnNumber == txnNumber)
        {
            throw new MongoErrorException(50911, "Location50911", $"Cannot start a transaction at given transaction number {txnNumber} a transaction with the same number is in state {current.State}");
        }

        if (current is { State: TransactionState.InProgress })
        {
            // A newer transaction number on the session implicitly aborts the older one.
            Abort(current);
        }

        var lsid = new BsonDocument { { "id", command["lsid"]["id"] }, { "uid", AnonymousUid } };
        var txn = new Transaction(session, lsid, txnNumber) { StartedAt = timeProvider.GetUtcNow().UtcDateTime };
        txn.Expiry = timeProvider.CreateTimer(_ => Expire(txn), null, LifetimeLimit, Timeout.InfiniteTimeSpan);
        _sessions[session] = txn;
        return txn;
    }

    private void Expire(Transaction txn)
    {
        lock (store.Sync)
        {
            if (txn.State == TransactionState.InProgress)
            {
                Abort(txn);
                TransactionLog.Expired(logger, txn.TxnNumber, txn.SessionKey, LifetimeLimit.TotalSeconds);
            }
        }
    }

    private void Abort(Transaction txn)
    {
        txn.Expiry?.Dispose();
        store.AbortTransaction(txn);
    }

    private static Transaction Require(Transaction? current, long txnNumber)
    {
        if (current is null || current.TxnNumber != txnNumber)
        {
            throw NoSuchTransaction($"Given transaction number {txnNumber} does not match any in-progress transactions. The active transaction number is {current?.TxnNumber ?? -1}");
        }

        if (current.State == TransactionState.Aborted)
        {
            throw NoSuchTransaction($"Transaction with {{ txnNumber: {txnNumber} }} has been aborted.");
        }

        return current;
    }

    private static (string Session, long TxnNumber) Identify(BsonDocument command)
    {
        var session = RetryCache.SessionKey(command)
            ?? throw new MongoErrorException(72, "InvalidOptions", "commitTransaction and abortTransaction need a session id (lsid)");
        return command.TryGetValue("txnNumber", out var n) && n.IsNumeric
            ? (session, n.ToInt64())
            : throw new MongoErrorException(72, "InvalidOptions", "commitTransaction and abortTransaction need a transaction number (txnNumber)");
    }

    private static MongoErrorException NoSuchTransaction(string message) =>
        new(251, "NoSuchTransaction", message, ["TransientTransactionError"]);
}
