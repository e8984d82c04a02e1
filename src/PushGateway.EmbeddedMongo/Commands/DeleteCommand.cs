using MongoDB.Bson;
using PushGateway.EmbeddedMongo.Storage;

namespace PushGateway.EmbeddedMongo.Commands;

/// <summary><c>delete</c> with limit 0 (all) or 1.</summary>
internal static class DeleteCommand
{
    public static ValueTask<BsonDocument> ExecuteAsync(CommandContext ctx)
    {
        var coll = ctx.CollectionName;
        var statements = ctx.Command.GetValue("deletes", new BsonArray()).AsBsonArray;
        var ordered = ctx.Flag("ordered", true);
        var errors = new List<BsonDocument>();
        long n = 0;
        StatementFields.Validate("delete", "deletes", statements, StatementFields.Delete);
        var retryable = new RetryableStatements(ctx);
        for (var i = 0; i < statements.Count; i++)
        {
            try
            {
                var statement = statements[i].AsBsonDocument;
                var querySpec = statement.GetValue("q", new BsonDocument()).AsBsonDocument;
                var filter = QueryAdapter.ParseFilter(querySpec);
                UpdateCommand.RejectCollation(statement);
                var limit = statement.GetValue("limit", 0).ToInt32();
                n += retryable.Run(i, () =>
                {
                    long deleted = 0;
                    lock (ctx.Store.Sync)
                    {
                        var c = ctx.Store.TryGetCollection(ctx.Database, coll);
                        foreach (var (recordId, doc) in DocumentMatcher.Match(c, querySpec, filter, limit == 1 ? 1 : int.MaxValue))
                        {
                            ctx.Store.Delete(c!, recordId, doc);
                            deleted++;
                        }
                    }

                    return new BsonDocument("n", deleted);
                })["n"].ToInt64();
            }
            catch (MongoErrorException error)
            {
                errors.Add(WriteErrors.Entry(i, error));
                if (ordered)
                {
                    break;
                }
            }
        }

        return ValueTask.FromResult(WriteErrors.AddTo(new BsonDocument("n", n), errors));
    }
}
