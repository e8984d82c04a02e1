using MongoDB.Bson;
using MongoDB.Driver;

namespace PushGateway.EmbeddedMongo.Tests.Unified;

/// <summary>
/// <c>clientBulkWrite</c> (the client-level bulk write of MongoDB 8.0). Against 7.0 only its client-side validation is
/// exercised; the summary counts are returned, per-operation verbose results are not.
/// </summary>
internal static class ClientBulkWriteOperations
{
    public static async Task<BsonValue> ExecuteAsync(IMongoClient client, OperationArguments a)
    {
        var models = a.Required("models").AsBsonArray.Select(m => Parse(m.AsBsonDocument)).ToList();
        var options = new ClientBulkWriteOptions
        {
            IsOrdered = a.Optional("ordered")?.ToBoolean() ?? true,
            Comment = a.Optional("comment"),
            Let = a.Optional("let")?.AsBsonDocument,
            BypassDocumentValidation = a.Optional("bypassDocumentValidation")?.ToBoolean(),
        };
        a.EnsureAllUsed();
        var result = await client.BulkWriteAsync(models, options);
        return new BsonDocument
        {
            { "insertedCount", result.InsertedCount },
            { "matchedCount", result.MatchedCount },
            { "modifiedCount", result.ModifiedCount },
            { "deletedCount", result.DeletedCount },
            { "upsertedCount", result.UpsertedCount },
        };
    }

    private static BulkWriteModel Parse(BsonDocument model)
    {
        var kind = model.GetElement(0).Name;
        var a = new OperationArguments($"clientBulkWrite {kind}", model[0].AsBsonDocument);
        var ns = CollectionNamespace.FromFullName(a.Required("namespace").AsString);
        BulkWriteModel parsed = kind switch
        {
            "insertOne" => new BulkWriteInsertOneModel<BsonDocument>(ns, a.Required("document").AsBsonDocument),
            "updateOne" => new BulkWriteUpdateOneModel<BsonDocument>(
                ns, OptionParsing.Filter(a.Required("filter")), OptionParsing.Update(a.Required("update")),
                isUpsert: a.Optional("upsert")?.ToBoolean() ?? false),
            "updateMany" => new BulkWriteUpdateManyModel<BsonDocument>(
                ns, OptionParsing.Filter(a.Required("filter")), OptionParsing.Update(a.Required("update")),
                isUpsert: a.Optional("upsert")?.ToBoolean() ?? false),
            "replaceOne" => new BulkWriteReplaceOneModel<BsonDocument>(
                ns, OptionParsing.Filter(a.Required("filter")), a.Required("replacement").AsBsonDocument,
                isUpsert: a.Optional("upsert")?.ToBoolean() ?? false),
            "deleteOne" => new BulkWriteDeleteOneModel<BsonDocument>(ns, OptionParsing.Filter(a.Required("filter"))),
            "deleteMany" => new BulkWriteDeleteManyModel<BsonDocument>(ns, OptionParsing.Filter(a.Required("filter"))),
            _ => throw new UnifiedRunnerException($"clientBulkWrite model '{kind}' is not supported by this runner"),
        };
        a.EnsureAllUsed();
        return parsed;
    }
}
