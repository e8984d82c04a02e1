using MongoDB.Bson;
using MongoDB.Driver;
using PushGateway.Testing;

namespace PushGateway.EmbeddedMongo.Tests.Commands;

/// <summary>
/// Updates whose filter is <c>_id</c> plus plain equalities (the driver's usual update-by-id statement, which the server
/// answers without the query engine's parse): they must match exactly the documents mongod's equality matches.
/// </summary>
[Collection(EmbeddedMongoCollection.Name)]
public sealed class UpdateByIdTests(MongoTarget target)
{
    public static TheoryData<string, BsonValue?, BsonValue, long> Cases => new()
    {
        { "array holding the value", new BsonArray { "a", "b" }, "a", 1 },
        { "array without the value", new BsonArray { "b" }, "a", 0 },
        { "int operand, double stored", 1.0, 1, 1 },
        { "long operand, decimal stored", new BsonDecimal128(1), 1L, 1 },
        { "same string", "a", "a", 1 },
        { "string differing in case", "A", "a", 0 },
        { "field missing", null, "a", 0 },
        { "date operand, timestamp stored", new BsonTimestamp(1, 1), new BsonDateTime(1000), 0 },
        { "string operand, int stored", 1, "1", 0 },
        { "false operand, 0 stored", 0, false, 0 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task UpdateOne_IdAndEquality_MatchesAsMongodEquality(string scenario, BsonValue? stored, BsonValue operand, long expected)
    {
        var coll = NewCollection();
        var doc = new BsonDocument("_id", 1);
        if (stored is not null)
        {
            doc["f"] = stored;
        }

        await coll.InsertOneAsync(doc);

        var result = await coll.UpdateOneAsync(new BsonDocument { { "_id", 1 }, { "f", operand } }, new BsonDocument("$set", new BsonDocument("done", true)));

        Assert.True(expected == result.MatchedCount, scenario);
        Assert.Equal(expected, result.ModifiedCount);
        Assert.Equal(expected == 1, (await coll.Find(new BsonDocument("_id", 1)).SingleAsync()).Contains("done"));
    }

    [Fact]
    public async Task UpdateOne_IntIdMatchingDoubleId_UpdatesIt()
    {
        var coll = NewCollection();
        await coll.InsertOneAsync(new BsonDocument { { "_id", 2.0 }, { "s", "x" } });

        var result = await coll.UpdateOneAsync(new BsonDocument { { "_id", 2 }, { "s", "x" } }, new BsonDocument("$set", new BsonDocument("s", "y")));

        Assert.Equal(1, result.ModifiedCount);
    }

    [Fact]
    public async Task UpdateOne_PositionalPathWithIdAndEquality_UpdatesTheMatchedElement()
    {
        var coll = NewCollection();
        await coll.InsertOneAsync(new BsonDocument { { "_id", 1 }, { "arr", new BsonArray { "a", "b", "c" } } });

        await coll.UpdateOneAsync(new BsonDocument { { "_id", 1 }, { "arr", "b" } }, new BsonDocument("$set", new BsonDocument("arr.$", "z")));

        Assert.Equal(new BsonArray { "a", "z", "c" }, (await coll.Find(new BsonDocument("_id", 1)).SingleAsync())["arr"]);
    }

    [Fact]
    public async Task UpdateOne_UpsertWithIdAndEquality_InsertsSeededDocument()
    {
        var coll = NewCollection();

        var result = await coll.UpdateOneAsync(new BsonDocument { { "_id", 7 }, { "k", "v" } }, new BsonDocument("$set", new BsonDocument("n", 1)), new UpdateOptions { IsUpsert = true });

        Assert.Equal(7, result.UpsertedId.AsInt32);
        Assert.Equal(new BsonDocument { { "_id", 7 }, { "k", "v" }, { "n", 1 } }, await coll.Find(new BsonDocument("_id", 7)).SingleAsync());
    }

    private IMongoCollection<BsonDocument> NewCollection() =>
        target.CreateClient().GetDatabase(MongoTarget.NewDatabaseName()).GetCollection<BsonDocument>("c");
}
