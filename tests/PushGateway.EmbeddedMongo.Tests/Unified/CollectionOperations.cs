using MongoDB.Bson;
using MongoDB.Driver;

namespace PushGateway.EmbeddedMongo.Tests.Unified;

/// <summary>Collection entity operations of the CRUD spec, executed through the official driver's public API.</summary>
internal static class CollectionOperations
{
    public static async Task<object?> ExecuteAsync(string name, IMongoCollection<BsonDocument> collection, OperationArguments a) => name switch
    {
        "insertOne" => await InsertOneAsync(collection, a),
        "insertMany" => await InsertManyAsync(collection, a),
        "updateOne" or "updateMany" => await UpdateAsync(collection, a, many: name == "updateMany"),
        "replaceOne" => await ReplaceOneAsync(collection, a),
        "deleteOne" or "deleteMany" => await DeleteAsync(collection, a, many: name == "deleteMany"),
        "bulkWrite" => await BulkWriteAsync(collection, a),
        "find" => await CollectionReadOperations.FindAsync(collection, a, limitOne: false),
        "findOne" => await CollectionReadOperations.FindAsync(collection, a, limitOne: true),
        "findOneAndUpdate" => await FindOneAndUpdateAsync(collection, a),
        "findOneAndReplace" => await FindOneAndReplaceAsync(collection, a),
        "findOneAndDelete" => await FindOneAndDeleteAsync(collection, a),
        "aggregate" => await CollectionReadOperations.AggregateAsync(collection, a),
        "countDocuments" => await CollectionReadOperations.CountDocumentsAsync(collection, a),
        "estimatedDocumentCount" => await CollectionReadOperations.EstimatedDocumentCountAsync(collection, a),
        "count" => await CollectionReadOperations.CountAsync(collection, a),
        "distinct" => await CollectionReadOperations.DistinctAsync(collection, a),
        "createChangeStream" => await ChangeStreamOperations.WatchAsync(a, (p, o) => collection.WatchAsync(p, o)),
        "createIndex" => await CreateIndexAsync(collection, a),
        "dropIndex" => await DropIndexAsync(collection, a),
        "rename" => await RenameAsync(collection, a),
        _ => throw new UnifiedRunnerException($"collection operation '{name}' is not supported by this runner"),
    };

    private static async Task<BsonValue> InsertOneAsync(IMongoCollection<BsonDocument> collection, OperationArguments a)
    {
        var document = a.Required("document").AsBsonDocument;
        var options = new InsertOneOptions
        {
            Comment = a.Optional("comment"),
            BypassDocumentValidation = a.Optional("bypassDocumentValidation")?.ToBoolean(),
        };
        a.EnsureAllUsed();
        await (a.Session is { } s ? collection.InsertOneAsync(s, document, options) : collection.InsertOneAsync(document, options));
        return new BsonDocument("insertedId", document["_id"]);
    }

    private static async Task<BsonValue> InsertManyAsync(IMongoCollection<BsonDocument> collection, OperationArguments a)
    {
        var documents = a.Required("documents").AsBsonArray.Select(d => d.AsBsonDocument).ToList();
        var options = new InsertManyOptions
        {
            IsOrdered = a.Optional("ordered")?.ToBoolean() ?? true,
            Comment = a.Optional("comment"),
            BypassDocumentValidation = a.Optional("bypassDocumentValidation")?.ToBoolean(),
        };
        a.EnsureAllUsed();
        await (a.Session is { } s ? collection.InsertManyAsync(s, documents, options) : collection.InsertManyAsync(documents, options));
        var ids = new BsonDocument();
        for (var i = 0; i < documents.Count; i++)
        {
            ids.Add(i.ToString(System.Globalization.CultureInfo.InvariantCulture), documents[i]["_id"]);
        }

        return new BsonDocument("insertedIds", ids);
    }

    private static async Task<BsonValue> UpdateAsync(IMongoCollection<BsonDocument> collection, OperationArguments a, bool many)
    {
        var filter = OptionParsing.Filter(a.Required("filter"));
        var update = OptionParsing.Update(a.Required("update"));
        var sort = many ? null : a.Optional("sort")?.AsBsonDocument;
        var options = new UpdateOptions<BsonDocument>
        {
            Sort = sort,
            IsUpsert = a.Optional("upsert")?.ToBoolean() ?? false,
            ArrayFilters = a.Optional("arrayFilters") is { } af ? OptionParsing.ArrayFilters(af) : null,
            Collation = a.Optional("collation") is { } c ? OptionParsing.Collation(c) : null,
            Hint = a.Optional("hint"),
            Comment = a.Optional("comment"),
            Let = a.Optional("let")?.AsBsonDocument,
            BypassDocumentValidation = a.Optional("bypassDocumentValidation")?.ToBoolean(),
        };
        a.EnsureAllUsed();
        var result = (many, a.Session) switch
        {
            (true, { } s) => await collection.UpdateManyAsync(s, filter, update, options),
            (true, null) => await collection.UpdateManyAsync(filter, update, options),
            (false, { } s) => await collection.UpdateOneAsync(s, filter, update, options),
            _ => await collection.UpdateOneAsync(filter, update, options),
        };
        return ResultDocuments.Update(result);
    }

    private static async Task<BsonValue> ReplaceOneAsync(IMongoCollection<BsonDocument> collection, OperationArguments a)
    {
        var filter = OptionParsing.Filter(a.Required("filter"));
        var replacement = a.Required("replacement").AsBsonDocument;
        var options = new ReplaceOptions<BsonDocument>
        {
            Sort = a.Optional("sort")?.AsBsonDocument,
            IsUpsert = a.Optional("upsert")?.ToBoolean() ?? false,
            Collation = a.Optional("collation") is { } c ? OptionParsing.Collation(c) : null,
            Hint = a.Optional("hint"),
            Comment = a.Optional("comment"),
            Let = a.Optional("let")?.AsBsonDocument,
            BypassDocumentValidation = a.Optional("bypassDocumentValidation")?.ToBoolean(),
        };
        a.EnsureAllUsed();
        return ResultDocuments.Update(await (a.Session is { } s ? collection.ReplaceOneAsync(s, filter, replacement, options) : collection.ReplaceOneAsync(filter, replacement, options)));
    }

    private static async Task<BsonValue> DeleteAsync(IMongoCollection<BsonDocument> collection, OperationArguments a, bool many)
    {
        var filter = OptionParsing.Filter(a.Required("filter"));
        var options = new DeleteOptions
        {
            Collation = a.Optional("collation") is { } c ? OptionParsing.Collation(c) : null,
            Hint = a.Optional("hint"),
            Comment = a.Optional("comment"),
            Let = a.Optional("let")?.AsBsonDocument,
        };
        a.EnsureAllUsed();
        var result = (many, a.Session) switch
        {
            (true, { } s) => await collection.DeleteManyAsync(s, filter, options),
            (true, null) => await collection.DeleteManyAsync(filter, options),
            (false, { } s) => await collection.DeleteOneAsync(s, filter, options),
            _ => await collection.DeleteOneAsync(filter, options),
        };
        return ResultDocuments.Delete(result);
    }

    private static async Task<BsonValue> BulkWriteAsync(IMongoCollection<BsonDocument> collection, OperationArguments a)
    {
        var requests = a.Required("requests").AsBsonArray.Select(r => WriteModels.Parse(r.AsBsonDocument)).ToList();
        var options = new BulkWriteOptions
        {
            IsOrdered = a.Optional("ordered")?.ToBoolean() ?? true,
            Comment = a.Optional("comment"),
            Let = a.Optional("let")?.AsBsonDocument,
            BypassDocumentValidation = a.Optional("bypassDocumentValidation")?.ToBoolean(),
        };
        a.EnsureAllUsed();
        return ResultDocuments.Bulk(await (a.Session is { } s ? collection.BulkWriteAsync(s, requests, options) : collection.BulkWriteAsync(requests, options)), requests);
    }

    private static async Task<BsonValue> FindOneAndUpdateAsync(IMongoCollection<BsonDocument> collection, OperationArguments a)
    {
        var filter = OptionParsing.Filter(a.Required("filter"));
        var update = OptionParsing.Update(a.Required("update"));
        var options = new FindOneAndUpdateOptions<BsonDocument, BsonDocument>
        {
            IsUpsert = a.Optional("upsert")?.ToBoolean() ?? false,
            ReturnDocument = a.Optional("returnDocument") is { } r ? OptionParsing.ReturnDocument(r) : ReturnDocument.Before,
            Projection = a.Optional("projection")?.AsBsonDocument,
            Sort = a.Optional("sort")?.AsBsonDocument,
            ArrayFilters = a.Optional("arrayFilters") is { } af ? OptionParsing.ArrayFilters(af) : null,
            Collation = a.Optional("collation") is { } c ? OptionParsing.Collation(c) : null,
            Hint = a.Optional("hint"),
            Comment = a.Optional("comment"),
            Let = a.Optional("let")?.AsBsonDocument,
            BypassDocumentValidation = a.Optional("bypassDocumentValidation")?.ToBoolean(),
        };
        a.EnsureAllUsed();
        return (BsonValue?)await (a.Session is { } s ? collection.FindOneAndUpdateAsync(s, filter, update, options) : collection.FindOneAndUpdateAsync(filter, update, options)) ?? BsonNull.Value;
    }

    private static async Task<BsonValue> FindOneAndReplaceAsync(IMongoCollection<BsonDocument> collection, OperationArguments a)
    {
        var filter = OptionParsing.Filter(a.Required("filter"));
        var replacement = a.Required("replacement").AsBsonDocument;
        var options = new FindOneAndReplaceOptions<BsonDocument, BsonDocument>
        {
            IsUpsert = a.Optional("upsert")?.ToBoolean() ?? false,
            ReturnDocument = a.Optional("returnDocument") is { } r ? OptionParsing.ReturnDocument(r) : ReturnDocument.Before,
            Projection = a.Optional("projection")?.AsBsonDocument,
            Sort = a.Optional("sort")?.AsBsonDocument,
            Collation = a.Optional("collation") is { } c ? OptionParsing.Collation(c) : null,
            Hint = a.Optional("hint"),
            Comment = a.Optional("comment"),
            Let = a.Optional("let")?.AsBsonDocument,
            BypassDocumentValidation = a.Optional("bypassDocumentValidation")?.ToBoolean(),
        };
        a.EnsureAllUsed();
        return (BsonValue?)await (a.Session is { } s ? collection.FindOneAndReplaceAsync(s, filter, replacement, options) : collection.FindOneAndReplaceAsync(filter, replacement, options)) ?? BsonNull.Value;
    }

    private static async Task<BsonValue> FindOneAndDeleteAsync(IMongoCollection<BsonDocument> collection, OperationArguments a)
    {
        var filter = OptionParsing.Filter(a.Required("filter"));
        var options = new FindOneAndDeleteOptions<BsonDocument, BsonDocument>
        {
            Projection = a.Optional("projection")?.AsBsonDocument,
            Sort = a.Optional("sort")?.AsBsonDocument,
            Collation = a.Optional("collation") is { } c ? OptionParsing.Collation(c) : null,
            Hint = a.Optional("hint"),
            Comment = a.Optional("comment"),
            Let = a.Optional("let")?.AsBsonDocument,
        };
        a.EnsureAllUsed();
        return (BsonValue?)await (a.Session is { } s ? collection.FindOneAndDeleteAsync(s, filter, options) : collection.FindOneAndDeleteAsync(filter, options)) ?? BsonNull.Value;
    }

    private static async Task<BsonValue> CreateIndexAsync(IMongoCollection<BsonDocument> collection, OperationArguments a)
    {
        var keys = a.Required("keys").AsBsonDocument;
        var options = new CreateIndexOptions
        {
            Name = a.Optional("name")?.AsString,
            Unique = a.Optional("unique")?.ToBoolean(),
            Sparse = a.Optional("sparse")?.ToBoolean(),
        };
        a.EnsureAllUsed();
        var model = new CreateIndexModel<BsonDocument>(keys, options);
        return await (a.Session is { } s ? collection.Indexes.CreateOneAsync(s, model) : collection.Indexes.CreateOneAsync(model));
    }

    private static async Task<BsonValue?> DropIndexAsync(IMongoCollection<BsonDocument> collection, OperationArguments a)
    {
        var name = a.Required("name").AsString;
        a.EnsureAllUsed();
        await collection.Indexes.DropOneAsync(name);
        return null;
    }

    private static async Task<BsonValue?> RenameAsync(IMongoCollection<BsonDocument> collection, OperationArguments a)
    {
        var to = a.Required("to").AsString;
        var options = new RenameCollectionOptions { DropTarget = a.Optional("dropTarget")?.ToBoolean() };
        a.EnsureAllUsed();
        await collection.Database.RenameCollectionAsync(collection.CollectionNamespace.CollectionName, to, options);
        return null;
    }
}
