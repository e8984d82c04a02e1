using MongoDB.Bson;
using PushGateway.EmbeddedMongo.Storage;
using PushGateway.EmbeddedMongo.Updates;

namespace PushGateway.EmbeddedMongo.Commands;

/// <summary><c>update</c>: operators, replacement, pipeline; upsert, multi, arrayFilters.</summary>
internal static class UpdateCommand
{
    public static ValueTask<BsonDocument> ExecuteAsync(CommandContext ctx)
    {
        var coll = ctx.CollectionName;
        var statements = ctx.Command.GetValue("updates", new BsonArray()).AsBsonArray;
        var ordered = ctx.Flag("ordered", true);
        var errors = new List<BsonDocument>();
        var upserted = new BsonArray();
        long n = 0, modified = 0;
        StatementFields.Validate("update", "updates", statements, StatementFields.Update);
        var retryable = new RetryableStatements(ctx, statements.Count);
        for (var i = 0; i < statements.Count; i++)
        {
            try
            {
                var statement = statements[i].AsBsonDocument;
                var querySpec = statement.GetValue("q", new BsonDocument()).AsBsonDocument;
                // An update of one document by _id and plain equalities (the driver's usual statement) skips the
                // query engine's parse: it cannot fail for such a query, and only positional paths or an upsert use it.
                var byId = PlainEqualityQuery.TryCreate(querySpec);
                var filter = byId is null ? QueryAdapter.ParseFilter(querySpec) : null;
                var multi = statement.GetValue("multi", false).ToBoolean();
                var upsert = statement.GetValue("upsert", false).ToBoolean();
                RejectCollation(statement);
                var applier = UpdateApplier.Parse(statement.GetValue("u", BsonNull.Value), statement.GetValue("arrayFilters", BsonNull.Value));
                if (multi && applier.IsReplacement)
                {
                    throw MongoErrorException.FailedToParse("multi update is not supported for replacement-style update");
                }

                if (byId is not null && (multi || upsert || applier.UsesQuery))
                {
                    byId = null;
                    filter = QueryAdapter.ParseFilter(querySpec);
                }

                var result = retryable.Run(i, () =>
                {
                    lock (ctx.Store.Sync)
                    {
                        return byId is null ? Execute(ctx, coll, querySpec, filter!, applier, multi, upsert) : ExecuteById(ctx, coll, querySpec, byId, applier);
                    }
                });
                n += result["n"].ToInt64();
                modified += result["nModified"].ToInt64();
                if (result.TryGetValue("upserted", out var upsertedId))
                {
                    upserted.Add(new BsonDocument { { "index", i }, { "_id", upsertedId } });
                }
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

        var reply = new BsonDocument { { "n", n }, { "nModified", modified } };
        if (upserted.Count > 0)
        {
            reply["upserted"] = upserted;
        }

        return ValueTask.FromResult(WriteErrors.AddTo(reply, errors));
    }

    private static BsonDocument Execute(CommandContext ctx, string coll, BsonDocument querySpec, PushGateway.Query.Filter filter, UpdateApplier applier, bool multi, bool upsert)
    {
        long n = 0, modified = 0;
        var c = ctx.Store.TryGetCollection(ctx.Database, coll);
        var matches = DocumentMatcher.Match(c, querySpec, filter, multi ? int.MaxValue : 1);
        foreach (var (recordId, before) in matches)
        {
            n++;
            if (WriteOperations.UpdateOne(ctx.Store, c!, recordId, before, applier, filter, ctx.Flag("bypassDocumentValidation")).Modified)
            {
                modified++;
            }
        }

        var result = new BsonDocument { { "n", n }, { "nModified", modified } };
        if (matches.Count == 0 && upsert)
        {
            var doc = WriteOperations.Upsert(ctx.Store, ctx.Database, coll, querySpec, applier, filter, ctx.Flag("bypassDocumentValidation"));
            result["n"] = 1L;
            result["upserted"] = doc["_id"];
        }

        return result;
    }

    private static BsonDocument ExecuteById(CommandContext ctx, string coll, BsonDocument querySpec, PlainEqualityQuery query, UpdateApplier applier)
    {
        long n = 0, modified = 0;
        var c = ctx.Store.TryGetCollection(ctx.Database, coll);
        if (c is not null && c.TryFindById(query.Id, out var recordId, out var before)
            && (query.Matches(before!) ?? QueryAdapter.ParseFilter(querySpec).Matches(before!)))
        {
            n = 1;
            if (WriteOperations.UpdateOne(ctx.Store, c, recordId, before!, applier, null, ctx.Flag("bypassDocumentValidation")).Modified)
            {
                modified = 1;
            }
        }

        return modified == 1 ? ModifiedOne : n == 1 ? MatchedOne : MatchedNone;
    }

    // The only results of an update by _id (read only, and kept by the statement log for retries): shared instances.
    private static readonly BsonDocument MatchedNone = new() { { "n", 0L }, { "nModified", 0L } };
    private static readonly BsonDocument MatchedOne = new() { { "n", 1L }, { "nModified", 0L } };
    private static readonly BsonDocument ModifiedOne = new() { { "n", 1L }, { "nModified", 1L } };

    public static void RejectCollation(BsonDocument statement)
    {
        if (statement.TryGetValue("collation", out var collation) && collation is BsonDocument c && c.GetValue("locale", "simple").AsString != "simple")
        {
            throw MongoErrorException.BadValue("collation other than 'simple' is not supported by the embedded server");
        }
    }
}
