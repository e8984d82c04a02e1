using MongoDB.Bson;
using MongoDB.Driver;
using PushGateway.Testing;

namespace PushGateway.EmbeddedMongo.Tests.Storage;

/// <summary>
/// Operator updates re-key exactly the indexes whose fields they changed (nested, added, removed), and queries served by
/// those indexes then find the document under its new values only.
/// </summary>
[Collection(EmbeddedMongoCollection.Name)]
public sealed class IndexMaintenanceTests(MongoTarget target)
{
    [Fact]
    public async Task UpdateOne_NestedIndexedPath_FoundUnderTheNewValueOnly()
    {
        var coll = await NewCollectionAsync("a.b");
        await coll.InsertOneAsync(new BsonDocument { { "_id", 1 }, { "a", new BsonDocument { { "b", 1 }, { "c", 1 } } }, { "z", 0 } });

        await coll.UpdateOneAsync(new BsonDocument("_id", 1), new BsonDocument("$set", new BsonDocument("a.b", 2)));

        Assert.Equal(1, await coll.CountDocumentsAsync(new BsonDocument("a.b", 2)));
        Assert.Equal(0, await coll.CountDocumentsAsync(new BsonDocument("a.b", 1)));
    }

    [Fact]
    public async Task UpdateOne_AddsThenRemovesIndexedField_FoundAsPresentThenMissing()
    {
        var coll = await NewCollectionAsync("c");
        await coll.InsertOneAsync(new BsonDocument { { "_id", 1 }, { "s", "x" } });

        await coll.UpdateOneAsync(new BsonDocument("_id", 1), new BsonDocument("$set", new BsonDocument("c", 5)));
        var afterSet = await coll.CountDocumentsAsync(new BsonDocument("c", 5));
        await coll.UpdateOneAsync(new BsonDocument("_id", 1), new BsonDocument("$unset", new BsonDocument("c", "")));

        Assert.Equal(1, afterSet);
        Assert.Equal(0, await coll.CountDocumentsAsync(new BsonDocument("c", 5)));
        Assert.Equal(1, await coll.CountDocumentsAsync(new BsonDocument("c", BsonNull.Value)));
    }

    [Fact]
    public async Task UpdateOne_UnindexedFieldOnly_StillFoundByTheIndexedOne()
    {
        var coll = await NewCollectionAsync("s");
        await coll.InsertManyAsync([new BsonDocument { { "_id", 1 }, { "s", "x" } }, new BsonDocument { { "_id", 2 }, { "s", "y" } }]);

        await coll.UpdateOneAsync(new BsonDocument("_id", 1), new BsonDocument { { "$set", new BsonDocument("other", 1) }, { "$inc", new BsonDocument("n", 1) } });

        var found = await coll.Find(new BsonDocument("s", "x")).ToListAsync();
        Assert.Equal(1, Assert.Single(found)["n"].AsInt32);
    }

    private async Task<IMongoCollection<BsonDocument>> NewCollectionAsync(string indexedPath)
    {
        var coll = target.CreateClient().GetDatabase(MongoTarget.NewDatabaseName()).GetCollection<BsonDocument>("c");
        await coll.Indexes.CreateOneAsync(new CreateIndexModel<BsonDocument>(new BsonDocument(indexedPath, 1)));
        return coll;
    }
}
