using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;
using PushGateway.Testing;

namespace PushGateway.EmbeddedMongo.Tests.Aggregation;

/// <summary>
/// $lookup's equality join over arrays: each local value (an array at localField spread one level) is
/// matched like <c>{foreignField: {$eq: value}}</c>; no local value joins as null.
/// </summary>
[Collection(EmbeddedMongoCollection.Name)]
public sealed class LookupTests(MongoTarget target)
{
    [Fact]
    public async Task Lookup_ForeignEmptyArray_MatchesLocalArrayOfEmptyArrayOnly()
    {
        var db = await DatabaseWithAsync(
            local: ["{_id: 1, k: [[]]}", "{_id: 2, k: []}"],
            foreign: ["{_id: 10, f: []}"]);

        var joined = await LookupAsync(db, "k");

        Assert.Equal([new BsonArray { 10 }, new BsonArray()], joined);
    }

    [Fact]
    public async Task Lookup_DottedLocalFieldAgainstForeignNull_MatchesEmptyArrayAndMissing()
    {
        var db = await DatabaseWithAsync(
            local: ["{_id: 1, a: {x: []}}", "{_id: 2, a: {}}", "{_id: 3, a: {x: 1}}", "{_id: 4, a: [{x: 1}, {x: 2}]}"],
            foreign: ["{_id: 10, f: null}", "{_id: 11, f: 2}"]);

        var joined = await LookupAsync(db, "a.x");

        Assert.Equal([new BsonArray { 10 }, new BsonArray { 10 }, new BsonArray(), new BsonArray { 11 }], joined);
    }

    [Fact]
    public async Task Lookup_LocalArray_MatchesForeignScalarsAndArraysContainingThem()
    {
        var db = await DatabaseWithAsync(
            local: ["{_id: 1, k: [1, 3]}"],
            foreign: ["{_id: 10, f: 1}", "{_id: 11, f: [2, 3]}", "{_id: 12, f: 2}", "{_id: 13, f: [1, 3]}"]);

        var joined = await LookupAsync(db, "k");

        Assert.Equal([new BsonArray { 10, 11, 13 }], joined);
    }

    /// <summary>The joined foreign ids of each local document, in natural order.</summary>
    private static async Task<List<BsonArray>> LookupAsync(IMongoDatabase db, string localField)
    {
        var pipeline = new BsonDocument[]
        {
            new("$lookup", new BsonDocument { { "from", "foreign" }, { "localField", localField }, { "foreignField", "f" }, { "as", "j" } }),
            new("$sort", new BsonDocument("_id", 1)),
        };
        var docs = await db.GetCollection<BsonDocument>("local").Aggregate<BsonDocument>(pipeline).ToListAsync();
        return docs.Select(d => new BsonArray(d["j"].AsBsonArray.Select(j => j["_id"]).OrderBy(id => id.AsInt32))).ToList();
    }

    private async Task<IMongoDatabase> DatabaseWithAsync(string[] local, string[] foreign)
    {
        var db = target.CreateClient().GetDatabase(MongoTarget.NewDatabaseName());
        await db.GetCollection<BsonDocument>("local").InsertManyAsync(local.Select(s => BsonSerializer.Deserialize<BsonDocument>(s)));
        await db.GetCollection<BsonDocument>("foreign").InsertManyAsync(foreign.Select(s => BsonSerializer.Deserialize<BsonDocument>(s)));
        return db;
    }
}
