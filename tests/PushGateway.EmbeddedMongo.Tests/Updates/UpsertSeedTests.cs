using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;
using PushGateway.Testing;

namespace PushGateway.EmbeddedMongo.Tests.Updates;

/// <summary>The document an upsert inserts starts from the equalities the query pins down (the manual's "upsert behavior").</summary>
[Collection(EmbeddedMongoCollection.Name)]
public sealed class UpsertSeedTests(MongoTarget target)
{
    public static TheoryData<string, string> Seeded => new()
    {
        { "{x: {$eq: 1}}", "{x: 1, n: 1}" },
        { "{x: {$in: [1]}}", "{x: 1, n: 1}" },
        { "{x: {$all: [1]}}", "{x: 1, n: 1}" },
        { "{$and: [{x: 1}, {y: 2}]}", "{x: 1, y: 2, n: 1}" },
        { "{$or: [{x: 1}]}", "{x: 1, n: 1}" },
        { "{$or: [{x: 1}, {x: 2}]}", "{n: 1}" },
        { "{x: {$gt: 1}}", "{n: 1}" },
        { "{'x.y': 1, z: null}", "{x: {y: 1}, z: null, n: 1}" },
        { "{x: {$eq: 1, $gt: 0}}", "{x: 1, n: 1}" },
    };

    [Theory]
    [MemberData(nameof(Seeded))]
    public async Task UpdateOne_UpsertFromQuery_SeedsEqualities(string query, string expected)
    {
        var coll = NewCollection();

        var result = await coll.UpdateOneAsync(Parse(query), new BsonDocument("$set", new BsonDocument("n", 1)), new UpdateOptions { IsUpsert = true });
        var doc = await coll.Find(FilterDefinition<BsonDocument>.Empty).SingleAsync();

        Assert.NotNull(result.UpsertedId);
        doc.Remove("_id");
        Assert.Equal(Parse(expected), doc);
    }

    [Fact]
    public async Task UpdateOne_UpsertIdInOneElementIn_UsesThatId()
    {
        var coll = NewCollection();

        var result = await coll.UpdateOneAsync(Parse("{_id: {$in: [1]}}"), new BsonDocument("$set", new BsonDocument("n", 1)), new UpdateOptions { IsUpsert = true });

        Assert.Equal(new BsonInt32(1), result.UpsertedId);
        Assert.Equal(1, await coll.CountDocumentsAsync(new BsonDocument("_id", 1)));
    }

    [Fact]
    public async Task ReplaceOne_Upsert_TakesOnlyIdFromQuery()
    {
        var coll = NewCollection();

        await coll.ReplaceOneAsync(Parse("{_id: {$eq: 5}, x: 1}"), new BsonDocument("y", 2), new ReplaceOptions { IsUpsert = true });
        var doc = await coll.Find(FilterDefinition<BsonDocument>.Empty).SingleAsync();

        Assert.Equal(Parse("{_id: 5, y: 2}"), doc);
    }

    [Theory]
    [InlineData("{$and: [{x: 1}, {x: 2}]}")]
    [InlineData("{x: {$all: [1, 2]}}")]
    [InlineData("{x: 1, 'x.y': 2}")]
    public async Task UpdateOne_UpsertWithPathPinnedTwice_FailsNotSingleValueField(string query)
    {
        var coll = NewCollection();

        var error = await Assert.ThrowsAsync<MongoWriteException>(() =>
            coll.UpdateOneAsync(Parse(query), new BsonDocument("$set", new BsonDocument("n", 1)), new UpdateOptions { IsUpsert = true }));

        Assert.Equal(54, error.WriteError.Code);
        Assert.Equal(0, await coll.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty));
    }

    private static BsonDocument Parse(string json) => BsonSerializer.Deserialize<BsonDocument>(json);

    private IMongoCollection<BsonDocument> NewCollection() =>
        target.CreateClient().GetDatabase(MongoTarget.NewDatabaseName()).GetCollection<BsonDocument>("c");
}
