using MongoDB.Bson;
using PushGateway.EmbeddedMongo.Cursors;

namespace PushGateway.EmbeddedMongo.Commands;

/// <summary>create, drop, dropDatabase, listCollections, listDatabases, renameCollection, collMod.</summary>
internal static class CatalogCommands
{
    public static void Register(Dictionary<string, CommandHandler> handlers)
    {
        handlers["create"] = Create;
        handlers["drop"] = Drop;
        handlers["dropDatabase"] = DropDatabase;
        handlers["listCollections"] = ListCollections;
        handlers["listDatabases"] = ListDatabases;
        handlers["renameCollection"] = Rename;
        handlers["collMod"] = CollMod;
        handlers["dbStats"] = DbStats;
    }

    private static ValueTask<BsonDocument> Create(CommandContext ctx)
    {
        var options = new BsonDocument();
        foreach (var element in ctx.Command)
        {
            if (element.Name is "viewOn" or "pipeline" or "timeseries" or "clusteredIndex")
            {
                throw new MongoErrorException(2, "BadValue", $"option '{element.Name}' is not supported by the embedded server");
            }

            if (element.Name == "collation" && element.Value is BsonDocument collation && collation.GetValue("locale", "simple").AsString != "simple")
            {
                throw MongoErrorException.BadValue("collation other than 'simple' is not supported by the embedded server");
            }

            if (element.Name is "capped" or "size" or "max" or "changeStreamPreAndPostImages" or "validator" or "validationLevel" or "validationAction")
            {
                options[element.Name] = element.Value;
            }
        }

        lock (ctx.Store.Sync)
        {
            ctx.Store.CreateCollection(ctx.Database, ctx.CollectionName, options);
        }

        return ValueTask.FromResult(new BsonDocument());
    }

    private static ValueTask<BsonDocument> Drop(CommandContext ctx)
    {
        lock (ctx.Store.Sync)
        {
            if (ctx.Store.TryGetCollection(ctx.Database, ctx.CollectionName) is { } c)
            {
                var count = c.Indexes.Count;
                ctx.Store.DropCollection(c);
                return ValueTask.FromResult(new BsonDocument { { "nIndexesWas", count }, { "ns", c.Namespace } });
            }
        }

        // mongod 7.0 reports success when the collection does not exist.
        return ValueTask.FromResult(new BsonDocument());
    }

    private static ValueTask<BsonDocument> DropDatabase(CommandContext ctx)
    {
        lock (ctx.Store.Sync)
        {
            ctx.Store.DropDatabase(ctx.Database);
        }

        return ValueTask.FromResult(new BsonDocument("dropped", ctx.Database));
    }

    private static async ValueTask<BsonDocument> ListCollections(CommandContext ctx)
    {
        var filter = QueryAdapter.ParseFilter(ctx.OptionalDocument("filter"));
        var nameOnly = ctx.Flag("nameOnly");
        var results = new List<BsonDocument>();
        lock (ctx.Store.Sync)
        {
            foreach (var c in ctx.Store.CollectionsOf(ctx.Database))
            {
                var entry = nameOnly
                    ? new BsonDocument { { "name", c.Name }, { "type", "collection" } }
                    : new BsonDocument
                    {
                        { "name", c.Name },
                        { "type", "collection" },
                        { "options", c.Options },
                        { "info", new BsonDocument { { "readOnly", false }, { "uuid", new BsonBinaryData(c.Uuid, GuidRepresentation.Standard) } } },
                        { "idIndex", c.Indexes[0].Spec },
                    };
                if (filter.Matches(entry))
                {
                    results.Add(entry);
                }
            }
        }

        return await CursorReplies.OpenAsync(ctx, $"{ctx.Database}.$cmd.listCollections", results, CursorReplies.BatchSize(ctx, ctx.OptionalDocument("cursor")), false);
    }

    private static readonly string[] SystemDatabases = ["admin", "config", "local"];

    private static ValueTask<BsonDocument> ListDatabases(CommandContext ctx)
    {
        var filter = QueryAdapter.ParseFilter(ctx.OptionalDocument("filter"));
        var nameOnly = ctx.Flag("nameOnly");
        var databases = new BsonArray();
        long total = 0;
        lock (ctx.Store.Sync)
        {
            // Like mongod, a replica-set member always has admin, config and local.
            foreach (var name in ctx.Store.DatabaseNames.Union(SystemDatabases).Order(StringComparer.Ordinal))
            {
                var size = ctx.Store.CollectionsOf(name).Sum(c => c.DataSize) + 4096;
                var entry = nameOnly ? new BsonDocument("name", name) : new BsonDocument { { "name", name }, { "sizeOnDisk", size }, { "empty", false } };
                if (filter.Matches(entry))
                {
                    databases.Add(entry);
                    total += size;
                }
            }
        }

        var reply = new BsonDocument("databases", databases);
        if (!nameOnly)
        {
            reply["totalSize"] = total;
            reply["totalSizeMb"] = total / (1024 * 1024);
        }

        return ValueTask.FromResult(reply);
    }

    private static ValueTask<BsonDocument> Rename(CommandContext ctx)
    {
        if (ctx.Database != "admin")
        {
            throw new MongoErrorException(13, "Unauthorized", "renameCollection may only be run against the admin database.");
        }

        var from = SplitNamespace(ctx.Command["renameCollection"].AsString);
        var to = SplitNamespace(ctx.Command.GetValue("to", "").AsString);
        lock (ctx.Store.Sync)
        {
            var c = ctx.Store.TryGetCollection(from.Db, from.Coll)
                ?? throw MongoErrorException.NamespaceNotFound("Source collection " + $"{from.Db}.{from.Coll} does not exist");
            if (from == to)
            {
                throw new MongoErrorException(20, "IllegalOperation", "Can't rename a collection to itself");
            }

            ctx.Store.Rename(c, to.Db, to.Coll, ctx.Flag("dropTarget"));
        }

        return ValueTask.FromResult(new BsonDocument());
    }

    private static ValueTask<BsonDocument> CollMod(CommandContext ctx)
    {
        lock (ctx.Store.Sync)
        {
            var c = ctx.Store.TryGetCollection(ctx.Database, ctx.CollectionName)
                ?? throw MongoErrorException.NamespaceNotFound($"ns does not exist: {ctx.Namespace}");
            var options = new BsonDocument(c.Options);
            foreach (var element in ctx.Command.Skip(1))
            {
                if (element.Name is "changeStreamPreAndPostImages" or "validator" or "validationLevel" or "validationAction")
                {
                    options[element.Name] = element.Value;
                }
                else if (element.Name is "index" or "viewOn" or "pipeline" or "expireAfterSeconds" or "timeseries")
                {
                    throw new MongoErrorException(2, "BadValue", $"collMod option '{element.Name}' is not supported by the embedded server");
                }
            }

            ctx.Store.Modify(c, options);
        }

        return ValueTask.FromResult(new BsonDocument());
    }

    private static ValueTask<BsonDocument> DbStats(CommandContext ctx)
    {
        lock (ctx.Store.Sync)
        {
            var colls = ctx.Store.CollectionsOf(ctx.Database);
            var dataSize = colls.Sum(c => c.DataSize);
            return ValueTask.FromResult(new BsonDocument
            {
                { "db", ctx.Database },
                { "collections", colls.Count },
                { "views", 0 },
                { "objects", (long)colls.Sum(c => c.Count) },
                { "dataSize", (double)dataSize },
                { "storageSize", (double)dataSize },
                { "indexes", colls.Sum(c => c.Indexes.Count) },
                { "indexSize", 0.0 },
            });
        }
    }

    private static (string Db, string Coll) SplitNamespace(string ns)
    {
        var dot = ns.IndexOf('.', StringComparison.Ordinal);
        return dot <= 0 || dot == ns.Length - 1
            ? throw new MongoErrorException(73, "InvalidNamespace", $"Invalid namespace specified '{ns}'")
            : (ns[..dot], ns[(dot + 1)..]);
    }
}
