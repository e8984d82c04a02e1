using MongoDB.Bson;
using MongoDB.Driver;

namespace PushGateway.EmbeddedMongo.Tests.Unified;

/// <summary>bulkWrite request documents (<c>{insertOne: {...}}</c> and friends) as driver write models.</summary>
internal static class WriteModels
{
    public static WriteModel<BsonDocument> Parse(BsonDocument request)
    {
        var kind = request.GetElement(0).Name;
        var a = new OperationArguments($"bulkWrite {kind}", request[0].AsBsonDocument);
        WriteModel<BsonDocument> model = kind switch
        {
            "insertOne" => new InsertOneModel<BsonDocument>(a.Required("document").AsBsonDocument),
            "updateOne" => new UpdateOneModel<BsonDocument>(OptionParsing.Filter(a.Required("filter")), OptionParsing.Update(a.Required("update")))
            {
                Sort = a.Optional("sort")?.AsBsonDocument,
                IsUpsert = a.Optional("upsert")?.ToBoolean() ?? false,
                ArrayFilters = a.Optional("arrayFilters") is { } af ? OptionParsing.ArrayFilters(af) : null,
                Collation = a.Optional("collation") is { } c ? OptionParsing.Collation(c) : null,
                Hint = a.Optional("hint"),
            },
            "updateMany" => new UpdateManyModel<BsonDocument>(OptionParsing.Filter(a.Required("filter")), OptionParsing.Update(a.Required("update")))
            {
                IsUpsert = a.Optional("upsert")?.ToBoolean() ?? false,
                ArrayFilters = a.Optional("arrayFilters") is { } af ? OptionParsing.ArrayFilters(af) : null,
                Collation = a.Optional("collation") is { } c ? OptionParsing.Collation(c) : null,
                Hint = a.Optional("hint"),
            },
            "replaceOne" => new ReplaceOneModel<BsonDocument>(OptionParsing.Filter(a.Required("filter")), a.Required("replacement").AsBsonDocument)
            {
                Sort = a.Optional("sort")?.AsBsonDocument,
                IsUpsert = a.Optional("upsert")?.ToBoolean() ?? false,
                Collation = a.Optional("collation") is { } c ? OptionParsing.Collation(c) : null,
                Hint = a.Optional("hint"),
            },
            "deleteOne" => new DeleteOneModel<BsonDocument>(OptionParsing.Filter(a.Required("filter")))
            {
                Collation = a.Optional("collation") is { } c ? OptionParsing.Collation(c) : null,
                Hint = a.Optional("hint"),
            },
            "deleteMany" => new DeleteManyModel<BsonDocument>(OptionParsing.Filter(a.Required("filter")))
            {
                Collation = a.Optional("collation") is { } c ? OptionParsing.Collation(c) : null,
                Hint = a.Optional("hint"),
            },
            _ => throw new UnifiedRunnerException($"bulkWrite request '{kind}' is not supported by this runner"),
        };
        a.EnsureAllUsed();
        return model;
    }
}
