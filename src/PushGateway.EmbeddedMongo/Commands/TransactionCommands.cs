using MongoDB.Bson;

namespace PushGateway.EmbeddedMongo.Commands;

/// <summary><c>commitTransaction</c>, <c>abortTransaction</c> and the <c>transactionLifetimeLimitSeconds</c> parameter.</summary>
internal static class TransactionCommands
{
    public static void Register(Dictionary<string, CommandHandler> handlers)
    {
        handlers["commitTransaction"] = ctx => ValueTask.FromResult(ctx.Server.Transactions.Commit(ctx.Command));
        handlers["abortTransaction"] = ctx => ValueTask.FromResult(ctx.Server.Transactions.Abort(ctx.Command));
        handlers["setParameter"] = SetParameter;
    }

    /// <summary>
    /// A write conflict inside a transaction fails the whole command, as mongod answers it (top-level code 112 with
    /// the TransientTransactionError label), not as a per-statement write error.
    /// </summary>
    public static BsonDocument PromoteWriteConflict(BsonDocument reply)
    {
        if (reply.GetValue("writeErrors", null) is BsonArray errors
            && errors.OfType<BsonDocument>().FirstOrDefault(e => e.GetValue("code", 0).ToInt32() == 112) is { } conflict)
        {
            return new MongoErrorException(112, "WriteConflict", conflict.GetValue("errmsg", "WriteConflict").AsString, ["TransientTransactionError"]).ToReply();
        }

        return reply;
    }

    /// <summary>True when a statement inside a transaction failed, which aborts the transaction.</summary>
    public static bool Failed(BsonDocument reply) =>
        reply.GetValue("ok", 1.0).ToDouble() != 1.0 || reply.Contains("writeErrors");

    private static ValueTask<BsonDocument> SetParameter(CommandContext ctx)
    {
        var was = new BsonDocument();
        foreach (var element in ctx.Command.Skip(1).Where(e => !e.Name.StartsWith('$') && e.Name is not "lsid" and not "comment"))
        {
            if (element.Name != "transactionLifetimeLimitSeconds")
            {
                throw new MongoErrorException(2, "BadValue", $"attempted to set unrecognized parameter [{element.Name}], the embedded server only sets transactionLifetimeLimitSeconds");
            }

            if (!element.Value.IsNumeric || element.Value.ToDouble() < 1)
            {
                throw new MongoErrorException(2, "BadValue", "transactionLifetimeLimitSeconds must be a number greater than or equal to 1");
            }

            was["was"] = (long)ctx.Server.Transactions.LifetimeLimit.TotalSeconds;
            ctx.Server.Transactions.LifetimeLimit = TimeSpan.FromSeconds(element.Value.ToDouble());
        }

        return ValueTask.FromResult(was);
    }
}
