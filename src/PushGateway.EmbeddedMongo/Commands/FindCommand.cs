using MongoDB.Bson;
using PushGateway.EmbeddedMongo.Cursors;
using PushGateway.EmbeddedMongo.Storage;

namespace PushGateway.EmbeddedMongo.Commands;

/// <summary><c>find</c>: filter, sort, skip, limit, projection, batchSize, singleBatch.</summary>
internal static class FindCommand
{
    public static async ValueTask<BsonDocument> ExecuteAsync(CommandContext ctx)
    {
        var filterSpec = ctx.OptionalDocument("filter");
        var filter = QueryAdapter.ParseFilter(filterSpec);
        var sort = QueryAdapter.ParseSort(ctx.OptionalDocument("sort"));
        var projection = QueryAdapter.ParseProjection(ctx.OptionalDocument("projection"), filterSpec);
        RejectUnsupported(ctx);
        var skip = ctx.OptionalInt64("skip") ?? 0;
        var limit = ctx.OptionalInt64("limit") ?? 0;
        if (skip < 0)
        {
            throw MongoErrorException.BadValue("BSON field 'skip' value must be >= 0, actual value '" + skip + "'");
        }

        var singleBatch = ctx.Flag("singleBatch");
        if (limit < 0)
        {
            // A negative limit is the legacy way to ask for a single batch.
            limit = -limit;
            singleBatch = true;
        }

        var batchSize = CursorReplies.BatchSize(ctx, null);
        List<KeyValuePair<long, BsonDocument>> matched;
        lock (ctx.Store.Sync)
        {
            var c = ctx.Store.TryGetCollection(ctx.Database, ctx.CollectionName);
            var scanLimit = sort is null && limit > 0 ? (int)Math.Min(int.MaxValue, skip + limit) : int.MaxValue;
            matched = DocumentMatcher.Match(c, filterSpec, filter, scanLimit);
        }

        IEnumerable<BsonDocument> results = QueryAdapter.Sort(matched.Select(m => m.Value), sort);
        results = results.Skip((int)Math.Min(skip, int.MaxValue));
        if (limit > 0)
        {
            results = results.Take((int)Math.Min(limit, int.MaxValue));
            if (batchSize is null || batchSize > limit)
            {
                batchSize = (int)Math.Min(limit, int.MaxValue);
            }
        }

        if (projection is not null)
        {
            results = results.Select(d => QueryAdapter.Project(projection, d, filter));
        }

        return await CursorReplies.OpenAsync(ctx, ctx.Namespace, results, batchSize, singleBatch);
    }

    /// <summary>Options that would change results but are not implemented fail instead of being ignored.</summary>
    public static void RejectUnsupported(CommandContext ctx)
    {
        if (ctx.OptionalDocument("collation") is { } collation && collation.GetValue("locale", "simple").AsString != "simple")
        {
            throw new MongoErrorException(2, "BadValue", "collation other than 'simple' is not supported by the embedded server");
        }

        if (ctx.Flag("tailable") || ctx.Flag("awaitData"))
        {
            throw new MongoErrorException(2, "BadValue", "tailable cursors are not supported by the embedded server");
        }
    }
}
