using MongoDB.Bson;
using PushGateway.EmbeddedMongo.Cursors;
using PushGateway.EmbeddedMongo.Storage;

namespace PushGateway.EmbeddedMongo.Commands;

/// <summary>createIndexes (single, compound, unique, sparse), listIndexes, dropIndexes.</summary>
internal static class IndexCommands
{
    public static void Register(Dictionary<string, CommandHandler> handlers)
    {
        handlers["createIndexes"] = CreateIndexes;
        handlers["listIndexes"] = ListIndexes;
        handlers["dropIndexes"] = DropIndexes;
        handlers["deleteIndexes"] = DropIndexes;
    }

    private static ValueTask<BsonDocument> CreateIndexes(CommandContext ctx)
    {
        var specs = ctx.Command.GetValue("indexes", BsonNull.Value) as BsonArray
            ?? throw MongoErrorException.TypeMismatch("BSON field 'createIndexes.indexes' is missing or not an array");
        lock (ctx.Store.Sync)
        {
            var existed = ctx.Store.TryGetCollection(ctx.Database, ctx.CollectionName) is not null;
            var c = ctx.Store.GetOrCreateCollection(ctx.Database, ctx.CollectionName);
            var before = c.Indexes.Count;
            foreach (var value in specs)
            {
                var spec = Normalize(value.AsBsonDocument);
                var sameName = c.Indexes.FirstOrDefault(i => i.Name == spec["name"].AsString);
                var sameKey = c.Indexes.FirstOrDefault(i => i.Key.Equals(spec["key"].AsBsonDocument));
                if (sameName is not null && sameName.Key.Equals(spec["key"].AsBsonDocument) && sameName.Unique == spec.GetValue("unique", false).ToBoolean() | sameName.Name == "_id_")
                {
                    continue;
                }

                if (sameName is not null)
                {
                    throw new MongoErrorException(86, "IndexKeySpecsConflict", $"An existing index has the same name as the requested index. When index names are not specified, they are auto generated and can cause conflicts. Please refer to our documentation. Requested index: {spec.ToJson()}, existing index: {sameName.Spec.ToJson()}");
                }

                if (sameKey is not null)
                {
                    throw new MongoErrorException(85, "IndexOptionsConflict", $"An equivalent index already exists with a different name and options. Requested index: {spec.ToJson()}, existing index: {sameKey.Spec.ToJson()}");
                }

                ctx.Store.CreateIndex(c, spec);
            }

            var reply = new BsonDocument
            {
                { "numIndexesBefore", before },
                { "numIndexesAfter", c.Indexes.Count },
                { "createdCollectionAutomatically", !existed },
            };
            if (before == c.Indexes.Count)
            {
                reply["note"] = "all indexes already exist";
            }

            return ValueTask.FromResult(reply);
        }
    }

    private static BsonDocument Normalize(BsonDocument spec)
    {
        if (spec.GetValue("key", BsonNull.Value) is not BsonDocument { ElementCount: > 0 } key)
        {
            throw new MongoErrorException(67, "CannotCreateIndex", "Index keys cannot be empty.");
        }

        foreach (var element in key)
        {
            if (!element.Value.IsNumeric && !(element.Value.IsString && element.Value.AsString is "hashed" or "text" or "2dsphere" or "2d"))
            {
                throw new MongoErrorException(67, "CannotCreateIndex", $"Values in the index key pattern can only be numbers or strings, found: {element.Name}: {element.Value}");
            }
        }

        var name = spec.GetValue("name", BsonNull.Value);
        var normalized = new BsonDocument { { "v", 2 }, { "key", key }, { "name", name.IsString ? name : string.Join("_", key.Select(e => $"{e.Name}_{e.Value}")) } };
        foreach (var element in spec)
        {
            if (element.Name is not ("v" or "key" or "name" or "ns"))
            {
                normalized[element.Name] = element.Value;
            }
        }

        return normalized;
    }

    private static async ValueTask<BsonDocument> ListIndexes(CommandContext ctx)
    {
        List<BsonDocument> specs;
        lock (ctx.Store.Sync)
        {
            var c = ctx.Store.TryGetCollection(ctx.Database, ctx.CollectionName)
                ?? throw MongoErrorException.NamespaceNotFound($"ns does not exist: {ctx.Namespace}");
            specs = c.Indexes.Select(i => i.Spec).ToList();
        }

        return await CursorReplies.OpenAsync(ctx, ctx.Namespace, specs, CursorReplies.BatchSize(ctx, ctx.OptionalDocument("cursor")), false);
    }

    private static ValueTask<BsonDocument> DropIndexes(CommandContext ctx)
    {
        var target = ctx.Command.GetValue("index", BsonNull.Value);
        lock (ctx.Store.Sync)
        {
            var c = ctx.Store.TryGetCollection(ctx.Database, ctx.CollectionName)
                ?? throw MongoErrorException.NamespaceNotFound($"ns not found {ctx.Namespace}");
            var count = c.Indexes.Count;
            List<IndexState> toDrop = target switch
            {
                BsonString { Value: "*" } => c.Indexes.Skip(1).ToList(),
                BsonString name => [c.RequireDroppableIndex(name.Value)],
                BsonArray names => names.Select(n => c.RequireDroppableIndex(n.AsString)).ToList(),
                BsonDocument key => [c.Indexes.FirstOrDefault(i => i.Key.Equals(key) && i.Name != "_id_") ?? throw new MongoErrorException(27, "IndexNotFound", $"can't find index with key: {key.ToJson()}")],
                _ => throw MongoErrorException.TypeMismatch("BSON field 'dropIndexes.index' is missing or of the wrong type"),
            };
            foreach (var index in toDrop)
            {
                ctx.Store.DropIndex(c, index);
            }

            return ValueTask.FromResult(new BsonDocument("nIndexesWas", count));
        }
    }
}
