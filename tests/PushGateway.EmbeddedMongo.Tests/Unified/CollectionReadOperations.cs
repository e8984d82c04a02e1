using MongoDB.Bson;
using MongoDB.Driver;

namespace PushGateway.EmbeddedMongo.Tests.Unified;

/// <summary>Collection read operations of the CRUD spec (find, aggregate, counts, distinct).</summary>
internal static class CollectionReadOperations
{
    internal static async Task<BsonValue> FindAsync(IMongoCollection<BsonDocument> collection, OperationArguments a, bool limitOne)
    {
        var filter = OptionParsing.Filter(a.Optional("filter") ?? new BsonDocument());
        var options = new FindOptions<BsonDocument, BsonDocument>
        {
            Sort = a.Optional("sort")?.AsBsonDocument,
            Projection = a.Optional("projection")?.AsBsonDocument,
            Skip = a.Optional("skip")?.ToInt32(),
            // A negative limit is how the driver asks for one batch (limit 1, singleBatch), as findOne does.
            Limit = limitOne ? -1 : a.Optional("limit")?.ToInt32(),
            BatchSize = a.Optional("batchSize")?.ToInt32(),
            Comment = a.Optional("comment"),
            Hint = a.Optional("hint"),
            Collation = a.Optional("collation") is { } c ? OptionParsing.Collation(c) : null,
            Let = a.Optional("let")?.AsBsonDocument,
            AllowDiskUse = a.Optional("allowDiskUse")?.ToBoolean(),
            Min = a.Optional("min")?.AsBsonDocument,
            Max = a.Optional("max")?.AsBsonDocument,
            MaxTime = a.Optional("maxTimeMS") is { } t ? TimeSpan.FromMilliseconds(t.ToInt64()) : null,
            ReturnKey = a.Optional("returnKey")?.ToBoolean(),
            ShowRecordId = a.Optional("showRecordId")?.ToBoolean(),
            NoCursorTimeout = a.Optional("noCursorTimeout")?.ToBoolean(),
        };
        a.EnsureAllUsed();
        using var cursor = await (a.Session is { } s ? collection.FindAsync(s, filter, options) : collection.FindAsync(filter, options));
        var documents = await cursor.ToListAsync();
        return limitOne ? (BsonValue?)documents.FirstOrDefault() ?? BsonNull.Value : new BsonArray(documents);
    }

    internal static async Task<BsonValue> AggregateAsync(IMongoCollection<BsonDocument> collection, OperationArguments a)
    {
        var pipeline = new BsonDocumentStagePipelineDefinition<BsonDocument, BsonDocument>(OptionParsing.Stages(a.Required("pipeline")));
        var options = AggregateOptionsFrom(a);
        a.EnsureAllUsed();
        using var cursor = await (a.Session is { } s ? collection.AggregateAsync(s, pipeline, options) : collection.AggregateAsync(pipeline, options));
        return new BsonArray(await cursor.ToListAsync());
    }

    internal static AggregateOptions AggregateOptionsFrom(OperationArguments a) => new()
    {
        BatchSize = a.Optional("batchSize")?.ToInt32(),
        AllowDiskUse = a.Optional("allowDiskUse")?.ToBoolean(),
        Comment = a.Optional("comment"),
        Let = a.Optional("let")?.AsBsonDocument,
        Collation = a.Optional("collation") is { } c ? OptionParsing.Collation(c) : null,
        Hint = a.Optional("hint"),
        MaxTime = a.Optional("maxTimeMS") is { } t ? TimeSpan.FromMilliseconds(t.ToInt64()) : null,
        BypassDocumentValidation = a.Optional("bypassDocumentValidation")?.ToBoolean(),
    };

    internal static async Task<BsonValue> CountDocumentsAsync(IMongoCollection<BsonDocument> collection, OperationArguments a)
    {
        var filter = OptionParsing.Filter(a.Required("filter"));
        var options = CountOptionsFrom(a);
        a.EnsureAllUsed();
        return await (a.Session is { } s ? collection.CountDocumentsAsync(s, filter, options) : collection.CountDocumentsAsync(filter, options));
    }

    internal static async Task<BsonValue> CountAsync(IMongoCollection<BsonDocument> collection, OperationArguments a)
    {
        var filter = OptionParsing.Filter(a.Optional("filter") ?? new BsonDocument());
        var options = CountOptionsFrom(a);
        a.EnsureAllUsed();
#pragma warning disable CS0618 // The legacy count helper is what the count.json spec tests exercise.
        return await (a.Session is { } s ? collection.CountAsync(s, filter, options) : collection.CountAsync(filter, options));
#pragma warning restore CS0618
    }

    private static CountOptions CountOptionsFrom(OperationArguments a) => new()
    {
        Skip = a.Optional("skip")?.ToInt64(),
        Limit = a.Optional("limit")?.ToInt64(),
        Hint = a.Optional("hint"),
        Collation = a.Optional("collation") is { } c ? OptionParsing.Collation(c) : null,
        Comment = a.Optional("comment"),
        MaxTime = a.Optional("maxTimeMS") is { } t ? TimeSpan.FromMilliseconds(t.ToInt64()) : null,
    };

    internal static async Task<BsonValue> EstimatedDocumentCountAsync(IMongoCollection<BsonDocument> collection, OperationArguments a)
    {
        var options = new EstimatedDocumentCountOptions
        {
            Comment = a.Optional("comment"),
            MaxTime = a.Optional("maxTimeMS") is { } t ? TimeSpan.FromMilliseconds(t.ToInt64()) : null,
        };
        a.EnsureAllUsed();
        return await collection.EstimatedDocumentCountAsync(options);
    }

    internal static async Task<BsonValue> DistinctAsync(IMongoCollection<BsonDocument> collection, OperationArguments a)
    {
        var field = new StringFieldDefinition<BsonDocument, BsonValue>(a.Required("fieldName").AsString);
        var filter = OptionParsing.Filter(a.Required("filter"));
        var options = new DistinctOptions
        {
            Collation = a.Optional("collation") is { } c ? OptionParsing.Collation(c) : null,
            Comment = a.Optional("comment"),
            MaxTime = a.Optional("maxTimeMS") is { } t ? TimeSpan.FromMilliseconds(t.ToInt64()) : null,
        };
        a.EnsureAllUsed();
        using var cursor = await (a.Session is { } s ? collection.DistinctAsync(s, field, filter, options) : collection.DistinctAsync(field, filter, options));
        return new BsonArray(await cursor.ToListAsync());
    }
}
