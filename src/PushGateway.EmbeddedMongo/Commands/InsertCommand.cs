using MongoDB.Bson;
using PushGateway.EmbeddedMongo.Storage;

namespace PushGateway.EmbeddedMongo.Commands;

/// <summary><c>insert</c>: documents get an ObjectId <c>_id</c> first when they have none.</summary>
internal static class InsertCommand
{
    // Every inserted statement's result (recorded for retryable writes, read only): one shared instance.
    private static readonly BsonDocument Inserted = new("n", 1);

    public static ValueTask<BsonDocument> ExecuteAsync(CommandContext ctx)
    {
        var coll = ctx.CollectionName;
        var documents = ctx.Command.GetValue("documents", new BsonArray()).AsBsonArray;
        var ordered = ctx.Flag("ordered", true);
        var errors = new List<BsonDocument>();
        var n = 0;
        var statements = new RetryableStatements(ctx, documents.Count);
        lock (ctx.Store.Sync)
        {
            var c = ctx.Store.GetOrCreateCollection(ctx.Database, coll);
            for (var i = 0; i < documents.Count; i++)
            {
                try
                {
                    var doc = documents[i].AsBsonDocument;
                    n += statements.Run(i, () =>
                    {
                        var prepared = Prepare(doc);
                        DocumentValidation.Check(c, prepared, ctx.Flag("bypassDocumentValidation"));
                        ctx.Store.Insert(c, prepared);
                        return Inserted;
                    })["n"].ToInt32();
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
        }

        return ValueTask.FromResult(WriteErrors.AddTo(new BsonDocument("n", n), errors));
    }

    /// <summary>Puts <c>_id</c> first (generating one when missing) and rejects ids mongod rejects.</summary>
    public static BsonDocument Prepare(BsonDocument doc)
    {
        if (doc.TryGetValue("_id", out var id))
        {
            ValidateId(id);
            if (doc.GetElement(0).Name == "_id")
            {
                return doc;
            }

            var reordered = new BsonDocument("_id", id);
            reordered.AddRange(doc.Where(e => e.Name != "_id"));
            return reordered;
        }

        var withId = new BsonDocument("_id", ObjectId.GenerateNewId());
        withId.AddRange(doc);
        return withId;
    }

    private static bool ContainsDollarField(BsonDocument doc) =>
        doc.Any(e => e.Name.StartsWith('$') || (e.Value is BsonDocument d && ContainsDollarField(d)));

    public static void ValidateId(BsonValue id)
    {
        if (id is BsonArray)
        {
            throw new MongoErrorException(53, "InvalidIdField", "The '_id' value cannot be of type array");
        }

        if (id is BsonRegularExpression)
        {
            throw new MongoErrorException(53, "InvalidIdField", "can't use a regex for _id");
        }

        if (id is BsonDocument idDoc && ContainsDollarField(idDoc))
        {
            throw new MongoErrorException(52, "DollarPrefixedFieldName", "_id fields may not contain '$'-prefixed fields: is not valid for storage.");
        }

        if (id is BsonUndefined)
        {
            throw new MongoErrorException(53, "InvalidIdField", "can't use a undefined for _id");
        }
    }
}
