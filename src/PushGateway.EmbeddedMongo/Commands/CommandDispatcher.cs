using Microsoft.Extensions.Logging;
using MongoDB.Bson;
using PushGateway.EmbeddedMongo.FailPoints;
using PushGateway.EmbeddedMongo.Sessions;

namespace PushGateway.EmbeddedMongo.Commands;

/// <summary>
/// Routes a command to its handler and applies what every command shares: fail points, the retryable
/// write cache, error replies with labels, journal commit before the reply, and cluster time.
/// </summary>
internal sealed class CommandDispatcher
{
    private static readonly HashSet<string> RetryableWrites = new(StringComparer.Ordinal) { "insert", "update", "delete", "findAndModify" };

    private static readonly BsonDocument ZeroSignature = new()
    {
        { "hash", new BsonBinaryData(new byte[20], BsonBinarySubType.Binary) },
        { "keyId", 0L },
    };

    private readonly Dictionary<string, CommandHandler> _handlers;
    private readonly ServerContext _server;
    private readonly ILogger _logger;

    public CommandDispatcher(ServerContext server, Dictionary<string, CommandHandler> handlers)
    {
        _server = server;
        _handlers = handlers;
        _logger = server.LoggerFactory.CreateLogger("PushGateway.EmbeddedMongo.Commands");
    }

    public async ValueTask<CommandOutcome> DispatchAsync(BsonDocument command, string? legacyDatabase, ConnectionInfo connection, CancellationToken cancellationToken)
    {
        if (command.ElementCount == 0)
        {
            return new CommandOutcome(Decorate(new MongoErrorException(59, "CommandNotFound", "no such command: ''").ToReply()), false);
        }

        var name = command.GetElement(0).Name;
        var database = legacyDatabase ?? (command.TryGetValue("$db", out var db) ? db.AsString : "admin");
        var failure = _server.FailPoints.MatchFailCommand(name, connection.AppName);
        BsonDocument? writeConcernError = null;
        BsonArray? writeConcernLabels = null;
        if (failure is not null)
        {
            if (failure.GetValue("blockConnection", false).ToBoolean())
            {
                await Task.Delay(TimeSpan.FromMilliseconds(failure.GetValue("blockTimeMS", 0).ToDouble()), _server.TimeProvider, cancellationToken);
            }

            if (failure.GetValue("closeConnection", false).ToBoolean())
            {
                Log.FailPointClosed(_logger, connection.Id, name);
                return new CommandOutcome(null, true);
            }

            if (failure.TryGetValue("errorCode", out var code))
            {
                var labels = failure.TryGetValue("errorLabels", out var given)
                    ? given.AsBsonArray.Select(l => l.AsString).ToList()
                    : DefaultLabels(name, command, code.ToInt32(), isWriteConcernError: false);
                var error = new MongoErrorException(code.ToInt32(), CodeNames.Of(code.ToInt32()), "Failing command via 'failCommand' failpoint", labels);
                return new CommandOutcome(Decorate(error.ToReply()), false);
            }

            writeConcernError = failure.GetValue("writeConcernError", BsonNull.Value) as BsonDocument;
            if (writeConcernError is not null)
            {
                writeConcernLabels = failure.TryGetValue("errorLabels", out var given)
                    ? given.AsBsonArray
                    : new BsonArray(DefaultLabels(name, command, writeConcernError["code"].ToInt32(), isWriteConcernError: true));
            }
        }

        BsonDocument reply;
        try
        {
            reply = await ExecuteAsync(name, database, command, connection, cancellationToken);
        }
        catch (CloseConnectionException)
        {
            Log.FailPointClosed(_logger, connection.Id, name);
            return new CommandOutcome(null, true);
        }

        if (writeConcernError is not null)
        {
            reply["writeConcernError"] = writeConcernError;
            if (writeConcernLabels is { Count: > 0 })
            {
                reply["errorLabels"] = writeConcernLabels;
            }
        }

        return new CommandOutcome(Decorate(reply), false);
    }

    private async ValueTask<BsonDocument> ExecuteAsync(string name, string database, BsonDocument command, ConnectionInfo connection, CancellationToken cancellationToken)
    {
        if (!_handlers.TryGetValue(name, out var handler))
        {
            return new MongoErrorException(59, "CommandNotFound", $"no such command: '{name}'").ToReply();
        }

        Transaction? transaction = null;
        var inTransaction = command.Contains("autocommit") || command.Contains("startTransaction");
        if (inTransaction)
        {
            try
            {
                transaction = _server.Transactions.Enter(name, command);
            }
            catch (MongoErrorException error)
            {
                return error.ToReply();
            }
        }

        // Inside a transaction txnNumber names the transaction, not a retryable write.
        var session = !inTransaction && RetryableWrites.Contains(name) && command.Contains("txnNumber") ? RetryCache.SessionKey(command) : null;
        var txnNumber = session is null ? 0 : command["txnNumber"].ToInt64();
        if (session is not null && _server.RetryCache.TryGet(session, txnNumber, out var cached))
        {
            return cached!.DeepClone().AsBsonDocument;
        }

        BsonDocument reply;
        var operation = _server.Operations.Begin(connection, database, name, command);
        try
        {
            _server.Store.EnterTransaction(transaction);
            reply = await handler(new CommandContext(_server, command, database, name, connection, cancellationToken));
            if (!reply.Contains("ok"))
            {
                reply["ok"] = 1.0;
            }
        }
        catch (MongoErrorException error)
        {
            var labels = error.Labels.Count == 0 && session is not null && FailPointRegistry.RetryableWriteCodes.Contains(error.Code)
                ? new MongoErrorException(error.Code, error.CodeName, error.Message, ["RetryableWriteError"]) { ExtraInfo = error.ExtraInfo }
                : error;
            reply = labels.ToReply();
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not CloseConnectionException)
        {
            Log.CommandCrashed(_logger, ex, name);
            reply = new MongoErrorException(1, "InternalError", $"internal error executing {name}").ToReply();
        }
        finally
        {
            _server.Operations.End(operation);
            _server.Store.EnterTransaction(null);

            // Durable before the reply; outside the store lock so concurrent writers share the fsync.
            _server.Store.Commit();
        }

        if (reply.GetValue("ok", 0).ToDouble() == 1.0 && !reply.Contains("writeConcernError") && WriteConcerns.ErrorFor(name, command) is { } unsatisfiable)
        {
            reply["writeConcernError"] = unsatisfiable;
        }

        if (transaction is not null)
        {
            reply = TransactionCommands.PromoteWriteConflict(reply);
            _server.Transactions.Leave(transaction, TransactionCommands.Failed(reply));
        }

        if (session is not null && reply["ok"].ToDouble() == 1.0)
        {
            _server.RetryCache.Store(session, txnNumber, reply.DeepClone().AsBsonDocument);
        }

        return reply;
    }

    private static List<string> DefaultLabels(string name, BsonDocument command, int code, bool isWriteConcernError)
    {
        if (command.Contains("autocommit"))
        {
            return TransactionErrorLabels.For(name, code, isWriteConcernError);
        }

        var retryableWrite = RetryableWrites.Contains(name) && command.Contains("txnNumber")
            || name is "commitTransaction" or "abortTransaction";
        return retryableWrite && FailPointRegistry.RetryableWriteCodes.Contains(code) ? ["RetryableWriteError"] : [];
    }

    private BsonDocument Decorate(BsonDocument reply)
    {
        var time = _server.Clock.Current;
        reply["$clusterTime"] = new BsonDocument { { "clusterTime", time }, { "signature", ZeroSignature } };
        reply["operationTime"] = time;
        return reply;
    }
}
