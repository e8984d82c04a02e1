using MongoDB.Bson;
using PushGateway.EmbeddedMongo.Storage;
using PushGateway.EmbeddedMongo.Updates;

namespace PushGateway.EmbeddedMongo.Commands;

/// <summary><c>findAndModify</c>: remove or update (with upsert, new, fields, sort, arrayFilters) one document.</summary>
internal static class FindAndModifyCommand
{
    public static ValueTask<BsonDocument> ExecuteAsync(CommandContext ctx)
    {
        var coll = ctx.CollectionName;
        var querySpec = ctx.OptionalDocument("query");
        var filter = QueryAdapter.ParseFilter(querySpec);
        var sort = QueryAdapter.ParseSort(ctx.OptionalDocument("sort"));
        var projection = QueryAdapter.ParseProjection(ctx.OptionalDocument("fields"), querySpec);
        var remove = ctx.Flag("remove");
        var returnNew = ctx.Flag("new");
        var upsert = ctx.Flag("upsert");
        FindCommand.RejectUnsupported(ctx);
        var hasUpdate = ctx.Command.TryGetValue("update", out var update) && !update.IsBsonNull;
        if (remove && hasUpdate)
        {
            throw MongoErrorException.FailedToParse("Cannot specify both an update and remove=true");
        }

        if (!remove && !hasUpdate)
        {
            throw MongoErrorException.FailedToParse("Either an update or remove=true must be specified");
        }

        if (remove && (upsert || returnNew))
        {
            throw MongoErrorException.FailedToParse(upsert ? "Cannot specify both upsert=true and remove=true" : "Cannot specify both new=true and remove=true; 'remove' always returns the deleted document");
        }

        var applier = hasUpdate ? UpdateApplier.Parse(update!, ctx.Command.GetValue("arrayFilters", BsonNull.Value)) : null;
        var reply = new RetryableStatements(ctx).Run(0, () => Execute(ctx, coll, querySpec, filter, sort, remove, returnNew, upsert, applier));
        if (reply["value"] is BsonDocument found && projection is not null)
        {
            reply["value"] = QueryAdapter.Project(projection, found, filter);
        }

        return ValueTask.FromResult(reply);
    }

    private static BsonDocument Execute(CommandContext ctx, string coll, BsonDocument? querySpec, PushGateway.Query.Filter filter, PushGateway.Query.SortSpec? sort, bool remove, bool returnNew, bool upsert, UpdateApplier? applier)
    {
        var lastError = new BsonDocument("n", 0);
        BsonValue value = BsonNull.Value;
        lock (ctx.Store.Sync)
        {
            var c = ctx.Store.TryGetCollection(ctx.Database, coll);
            var matches = DocumentMatcher.Match(c, querySpec, filter, sort is null ? 1 : int.MaxValue);
            if (sort is not null && matches.Count > 1)
            {
                matches = [matches.OrderBy(m => m.Value, sort).First()];
            }

            if (matches.Count == 1)
            {
                var (recordId, before) = matches[0];
                lastError["n"] = 1;
                if (remove)
                {
                    ctx.Store.Delete(c!, recordId, before);
                    value = before;
                }
                else
                {
                    var (after, _) = WriteOperations.UpdateOne(ctx.Store, c!, recordId, before, applier!, filter, ctx.Flag("bypassDocumentValidation"));
                    lastError["updatedExisting"] = true;
                    value = returnNew ? after : before;
                }
            }
            else if (upsert)
            {
                var doc = WriteOperations.Upsert(ctx.Store, ctx.Database, coll, querySpec, applier!, filter, ctx.Flag("bypassDocumentValidation"));
                lastError["n"] = 1;
                lastError["updatedExisting"] = false;
                lastError["upserted"] = doc["_id"];
                value = returnNew ? doc : BsonNull.Value;
            }
            else if (!remove)
            {
                lastError["updatedExisting"] = false;
            }
        }

        return new BsonDocument { { "lastErrorObject", lastError }, { "value", value } };
    }
}
