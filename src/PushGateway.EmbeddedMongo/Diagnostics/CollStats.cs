using MongoDB.Bson;
using PushGateway.EmbeddedMongo.Commands;

namespace PushGateway.EmbeddedMongo.Diagnostics;

/// <summary>
/// The document of a <c>$collStats</c> stage: <c>latencyStats</c> (operation counts and total microseconds since
/// start), <c>storageStats</c> (sizes of the in-memory documents and index keys; nothing is compressed, so storage
/// size equals data size) and <c>count</c>.
/// </summary>
internal static class CollStats
{
    public static BsonDocument Build(CommandContext ctx, BsonDocument options)
    {
        var ns = ctx.Namespace;
        var doc = new BsonDocument
        {
            { "ns", ns },
            { "host", $"127.0.0.1:{ctx.Server.Port}" },
            { "localTime", ctx.Server.Clock.Now() },
        };
        foreach (var option in options)
        {
            switch (option.Name)
            {
                case "latencyStats":
                    doc["latencyStats"] = ctx.Server.Operations.LatencyOf(ns).ToDocument();
                    break;
                case "storageStats":
                    var scale = option.Value is BsonDocument s && s.TryGetValue("scale", out var v) ? v.ToInt64() : 1;
                    if (scale < 1)
                    {
                        throw MongoErrorException.BadValue("BSON field 'scale' value must be >= 1, actual value '" + scale + "'");
                    }

                    doc["storageStats"] = StorageStats(ctx, scale);
                    break;
                case "count":
                    lock (ctx.Store.Sync)
                    {
                        doc["count"] = (long)(ctx.Store.TryGetCollection(ctx.Database, ctx.CollectionName) ?? throw NotFound(ns, "count")).Count;
                    }

                    break;
                default:
                    throw new MongoErrorException(40415, "Location40415", $"BSON field '$collStats.{option.Name}' is an unknown field.");
            }
        }

        return doc;
    }

    /// <summary>The <c>storageStats</c> of the command's collection (also the body of the deprecated <c>collStats</c> command).</summary>
    public static BsonDocument StorageStats(CommandContext ctx, long scale)
    {
        lock (ctx.Store.Sync)
        {
            var c = ctx.Store.TryGetCollection(ctx.Database, ctx.CollectionName) ?? throw NotFound(ctx.Namespace, "storageStats");
            var indexSizes = new BsonDocument();
            long totalIndex = 0;
            foreach (var index in c.Indexes)
            {
                long bytes = 0;
                foreach (var doc in c.Documents)
                {
                    foreach (var key in index.KeysOf(doc))
                    {
                        bytes += new BsonDocument("k", key).ToBson().Length;
                    }
                }

                indexSizes[index.Name] = bytes / scale;
                totalIndex += bytes;
            }

            return new BsonDocument
            {
                { "size", c.DataSize / scale },
                { "count", (long)c.Count },
                { "avgObjSize", c.Count == 0 ? 0 : c.DataSize / c.Count },
                { "numOrphanDocs", 0 },
                { "storageSize", c.DataSize / scale },
                { "freeStorageSize", 0 },
                { "capped", c.Options.GetValue("capped", false).ToBoolean() },
                { "nindexes", c.Indexes.Count },
                { "indexBuilds", new BsonArray() },
                { "totalIndexSize", totalIndex / scale },
                { "totalSize", (c.DataSize + totalIndex) / scale },
                { "indexSizes", indexSizes },
                { "scaleFactor", scale },
            };
        }
    }

    private static MongoErrorException NotFound(string ns, string what) =>
        new(26, "NamespaceNotFound", $"Unable to retrieve {what} in $collStats stage :: caused by :: Collection [{ns}] not found.");
}
