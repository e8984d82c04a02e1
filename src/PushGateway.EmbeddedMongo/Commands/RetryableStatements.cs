using MongoDB.Bson;
using PushGateway.EmbeddedMongo.Sessions;

namespace PushGateway.EmbeddedMongo.Commands;

/// <summary>
/// Runs the statements of a retryable write: a statement already committed under the same
/// (lsid, txnNumber) is answered from the statement log; the <c>onPrimaryTransactionalWrite</c>
/// fail point drops the connection before or after a statement commits.
/// </summary>
/// <param name="statements">How many statements the command has (sizes the statement log's record of them).</param>
internal sealed class RetryableStatements(CommandContext ctx, int statements = 0)
{
    private readonly string? _session = ctx.Command.Contains("txnNumber") && !ctx.Command.Contains("autocommit") ? RetryCache.SessionKey(ctx.Command) : null;
    private readonly long _txnNumber = ctx.Command.TryGetValue("txnNumber", out var t) ? t.ToInt64() : 0;

    /// <summary>Returns the recorded result of statement <paramref name="index"/> or executes it.</summary>
    public BsonDocument Run(int index, Func<BsonDocument> execute)
    {
        if (_session is not null && ctx.Server.StatementLog.TryGet(_session, _txnNumber, index, out var recorded))
        {
            return recorded!;
        }

        var failure = _session is null ? null : ctx.Server.FailPoints.MatchOnPrimaryTransactionalWrite();
        if (failure is not null && failure.Contains("failBeforeCommitExceptionCode"))
        {
            throw new CloseConnectionException();
        }

        var result = execute();
        if (_session is not null)
        {
            ctx.Server.StatementLog.Record(_session, _txnNumber, index, result, statements);
        }

        if (failure is not null)
        {
            throw new CloseConnectionException();
        }

        return result;
    }
}
