using MongoDB.Bson;
using PushGateway.EmbeddedMongo.Storage;
using PushGateway.Query;

namespace PushGateway.EmbeddedMongo.Commands;

/// <summary><c>count</c> and <c>distinct</c>.</summary>
internal static class CountDistinctCommands
{
    public static ValueTask<BsonDocument> Count(CommandContext ctx)
    {
        var querySpec = ctx.OptionalDocument("query");
        var filter = QueryAdapter.ParseFilter(querySpec);
        FindCommand.RejectUnsupported(ctx);
        var skip = ctx.OptionalInt64("skip") ?? 0;
        var limit = Math.Abs(ctx.OptionalInt64("limit") ?? 0);
        long n;
        lock (ctx.Store.Sync)
        {
            var c = ctx.Store.TryGetCollection(ctx.Database, ctx.CollectionName);
            n = querySpec is null || querySpec.ElementCount == 0 ? c?.Count ?? 0 : DocumentMatcher.Match(c, querySpec, filter).Count;
        }

        n = Math.Max(0, n - skip);
        if (limit > 0)
        {
            n = Math.Min(n, limit);
        }

        return ValueTask.FromResult(new BsonDocument("n", (int)n));
    }

    public static ValueTask<BsonDocument> Distinct(CommandContext ctx)
    {
        var key = ctx.Command.GetValue("key", BsonNull.Value);
        if (!key.IsString)
        {
            throw MongoErrorException.TypeMismatch("BSON field 'distinct.key' is missing or not a string");
        }

        var querySpec = ctx.OptionalDocument("query");
        var filter = QueryAdapter.ParseFilter(querySpec);
        FindCommand.RejectUnsupported(ctx);
        var values = new List<BsonValue>();
        lock (ctx.Store.Sync)
        {
            foreach (var (_, doc) in DocumentMatcher.Match(ctx.Store.TryGetCollection(ctx.Database, ctx.CollectionName), querySpec, filter))
            {
                foreach (var value in DocPath.GetAll(doc, key.AsString))
                {
                    if (value is not BsonUndefined && !values.Contains(value, BsonValueComparer.Instance))
                    {
                        values.Add(value);
                    }
                }
            }
        }

        return ValueTask.FromResult(new BsonDocument("values", new BsonArray(values)));
    }
}
