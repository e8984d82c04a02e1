using MongoDB.Bson;
using MongoDB.Driver;

namespace PushGateway.EmbeddedMongo.Tests.Unified;

/// <summary>Session entity operations of the transactions specs, through the driver's public session API.</summary>
internal static class SessionOperations
{
    /// <summary>Runs one nested operation (a <c>withTransaction</c> callback step) with the runner's own checks.</summary>
    public delegate Task NestedOperation(BsonDocument operation, string where);

    public static async Task<object?> ExecuteAsync(string name, IClientSessionHandle session, OperationArguments a, NestedOperation run, string where)
    {
        switch (name)
        {
            case "startTransaction":
                var options = TransactionOptions(a);
                a.EnsureAllUsed();
                session.StartTransaction(options);
                return null;
            case "commitTransaction":
                a.EnsureAllUsed();
                await session.CommitTransactionAsync();
                return null;
            case "abortTransaction":
                a.EnsureAllUsed();
                await session.AbortTransactionAsync();
                return null;
            case "endSession":
                a.EnsureAllUsed();
                session.Dispose();
                return null;
            case "withTransaction":
                var callback = a.Required("callback").AsBsonArray.Select(o => o.AsBsonDocument).ToList();
                var transactionOptions = TransactionOptions(a);
                a.EnsureAllUsed();
                await session.WithTransactionAsync(
                    async (_, _) =>
                    {
                        for (var i = 0; i < callback.Count; i++)
                        {
                            await run(callback[i], $"{where} callback[{i}]");
                        }

                        return true;
                    },
                    transactionOptions);
                return null;
            default:
                throw new UnifiedRunnerException($"session operation '{name}' is not supported by this runner");
        }
    }

    /// <summary>Options of startTransaction/withTransaction, or a session's <c>defaultTransactionOptions</c>.</summary>
    public static TransactionOptions? TransactionOptions(OperationArguments a)
    {
        var readConcern = a.Optional("readConcern") is { } rc ? OptionParsing.ReadConcern(rc.AsBsonDocument) : null;
        var writeConcern = a.Optional("writeConcern") is { } wc ? OptionParsing.WriteConcern(wc.AsBsonDocument) : null;
        var readPreference = a.Optional("readPreference") is { } rp ? OptionParsing.ReadPreference(rp.AsBsonDocument) : null;
        TimeSpan? maxCommitTime = a.Optional("maxCommitTimeMS") is { } t ? TimeSpan.FromMilliseconds(t.ToInt64()) : null;
        return readConcern is null && writeConcern is null && readPreference is null && maxCommitTime is null
            ? null
            : new TransactionOptions(readConcern, readPreference, writeConcern, maxCommitTime);
    }
}
