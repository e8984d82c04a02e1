using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;
using PushGateway.Testing;

namespace PushGateway.EmbeddedMongo.Tests.Updates;

/// <summary>
/// A malformed update fails with mongod's code before any document is looked at: the collection holds
/// no document the filter matches, yet the update is refused (and nothing is written).
/// </summary>
[Collection(EmbeddedMongoCollection.Name)]
public sealed class UpdateValidationTests(MongoTarget target)
{
    public static TheoryData<string, string, string?, int> Malformed => new()
    {
        { "unused array filter", "{$set: {a: 1}}", "[{'x': 1}]", 9 },
        { "duplicate array filter", "{$set: {'a.$[x]': 1}}", "[{'x': 1}, {'x': 2}]", 9 },
        { "array filter not an object", "{$set: {'a.$[x]': 1}}", "[1]", 14 },
        { "arrayFilters not an array", "{$set: {'a.$[x]': 1}}", "{'x': 1}", 14 },
        { "array filter on two identifiers", "{$set: {'a.$[x]': 1}}", "[{'x': 1, 'y': 2}]", 9 },
        { "array filter identifier not lower-case", "{$set: {'a.$[X]': 1}}", "[{'X': 1}]", 2 },
        { "missing array filter", "{$set: {'a.$[x]': 1}}", null, 2 },
        { "same path twice", "{$set: {a: 1}, $inc: {a: 1}}", null, 40 },
        { "overlapping nested paths", "{$set: {'a.b': 1}, $unset: {'a.b.c': 1}}", null, 40 },
        { "rename target under a set path", "{$rename: {x: 'a.b'}, $set: {a: 1}}", null, 40 },
        { "$bit without an operation", "{$bit: {a: {}}}", null, 2 },
        { "$bit with an unknown operation", "{$bit: {a: {nand: 1}}}", null, 2 },
        { "$push with an empty $sort", "{$push: {a: {$each: [1], $sort: {}}}}", null, 2 },
        { "$push with a fractional $slice", "{$push: {a: {$each: [1], $slice: 1.5}}}", null, 2 },
        { "$push with an unknown modifier", "{$push: {a: {$each: [1], $foo: 1}}}", null, 2 },
        { "$inc with a string", "{$inc: {a: 'x'}}", null, 14 },
        { "$rename from all positional", "{$rename: {'a.$[]': 'b'}}", null, 2 },
        { "$rename from positional", "{$rename: {'a.$': 'b'}}", null, 2 },
        { "$rename to filtered positional", "{$rename: {'a': 'b.$[x]'}}", "[{'x': 1}]", 2 },
        { "$pop with 2", "{$pop: {a: 2}}", null, 9 },
        { "pipeline with arrayFilters", "[{$set: {a: 1}}]", "[{'x': 1}]", 72 },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task Update_MalformedWhenNothingMatches_FailsWithMongodCode(string reason, string update, string? arrayFilters, int code)
    {
        var db = NewDatabase();
        await db.GetCollection<BsonDocument>("c").InsertOneAsync(new BsonDocument { { "_id", 1 }, { "a", new BsonArray { 1 } } });
        var statement = new BsonDocument { { "q", new BsonDocument("_id", 99) }, { "u", Parse(update) }, { "upsert", false } };
        if (arrayFilters is not null)
        {
            statement["arrayFilters"] = Parse(arrayFilters);
        }

        var reply = await db.RunCommandAsync<BsonDocument>(new BsonDocument { { "update", "c" }, { "updates", new BsonArray { statement } } });

        Assert.True(reply.Contains("writeErrors"), $"{reason}: accepted: {reply.ToJson()}");
        Assert.Equal(code, reply["writeErrors"][0]["code"].ToInt32());
    }

    [Fact]
    public async Task Update_RenameAllPositional_RefusedAndDocumentUnchanged()
    {
        var coll = NewDatabase().GetCollection<BsonDocument>("c");
        var original = new BsonDocument { { "_id", 1 }, { "a", new BsonArray { 0 } }, { "b", new BsonArray { 1 } } };
        await coll.InsertOneAsync(original);

        var error = await Assert.ThrowsAsync<MongoWriteException>(() =>
            coll.UpdateOneAsync(new BsonDocument("_id", 1), new BsonDocument("$rename", new BsonDocument("a.$[]", "b"))));

        Assert.Equal(2, error.WriteError.Code);
        Assert.Equal(original, await coll.Find(FilterDefinition<BsonDocument>.Empty).SingleAsync());
    }

    [Fact]
    public async Task Update_ArrayFilterWithTopLevelOr_UpdatesMatchingElements()
    {
        var coll = NewDatabase().GetCollection<BsonDocument>("c");
        await coll.InsertOneAsync(new BsonDocument { { "_id", 1 }, { "a", new BsonArray { new BsonDocument("x", 1), new BsonDocument("x", 2), new BsonDocument("x", 3) } } });
        var options = new UpdateOptions
        {
            ArrayFilters = [new BsonDocumentArrayFilterDefinition<BsonDocument>(Parse("{$or: [{'e.x': 1}, {'e.x': 3}]}").AsBsonDocument)],
        };

        var result = await coll.UpdateOneAsync(new BsonDocument("_id", 1), new BsonDocument("$set", new BsonDocument("a.$[e].y", true)), options);
        var doc = await coll.Find(FilterDefinition<BsonDocument>.Empty).SingleAsync();

        Assert.Equal(1, result.ModifiedCount);
        Assert.Equal([true, false, true], doc["a"].AsBsonArray.Select(e => e.AsBsonDocument.Contains("y")));
    }

    [Fact]
    public async Task Update_RenameIntoArrayElement_FailsBadValue()
    {
        var coll = NewDatabase().GetCollection<BsonDocument>("c");
        await coll.InsertOneAsync(new BsonDocument { { "_id", 1 }, { "a", 1 }, { "b", new BsonArray { 1 } } });

        var error = await Assert.ThrowsAsync<MongoWriteException>(() =>
            coll.UpdateOneAsync(new BsonDocument("_id", 1), new BsonDocument("$rename", new BsonDocument("a", "b.0"))));

        Assert.Equal(2, error.WriteError.Code);
    }

    [Theory]
    [InlineData("{_id: 1, a: 'x'}", "{$bit: {a: {and: 1}}}", 14)]
    [InlineData("{_id: 1, a: 1.5}", "{$bit: {a: {or: 1}}}", 14)]
    [InlineData("{_id: 1, a: 1}", "{$set: {'b.$x': 1}}", 52)]
    public async Task Update_InvalidForMatchedDocument_FailsAndChangesNothing(string document, string update, int code)
    {
        var coll = NewDatabase().GetCollection<BsonDocument>("c");
        var original = Parse(document).AsBsonDocument;
        await coll.InsertOneAsync(original.DeepClone().AsBsonDocument);

        var error = await Assert.ThrowsAsync<MongoWriteException>(() =>
            coll.UpdateOneAsync(new BsonDocument("_id", 1), new BsonDocumentUpdateDefinition<BsonDocument>(Parse(update).AsBsonDocument)));

        Assert.Equal(code, error.WriteError.Code);
        Assert.Equal(original, await coll.Find(FilterDefinition<BsonDocument>.Empty).SingleAsync());
    }

    private static BsonValue Parse(string json) => BsonSerializer.Deserialize<BsonValue>(json);

    private IMongoDatabase NewDatabase() => target.CreateClient().GetDatabase(MongoTarget.NewDatabaseName());
}
