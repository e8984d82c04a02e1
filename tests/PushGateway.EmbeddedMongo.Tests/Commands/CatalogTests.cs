using MongoDB.Bson;
using MongoDB.Driver;
using PushGateway.Testing;

namespace PushGateway.EmbeddedMongo.Tests.Commands;

[Collection(EmbeddedMongoCollection.Name)]
public sealed class CatalogTests(MongoTarget target)
{
    [Fact]
    public async Task CreateCollection_ThenList_ShowsIt()
    {
        var db = target.CreateClient().GetDatabase(MongoTarget.NewDatabaseName());

        await db.CreateCollectionAsync("a");
        var names = await (await db.ListCollectionNamesAsync()).ToListAsync();

        Assert.Equal(["a"], names);
    }

    [Fact]
    public async Task CreateCollection_Existing_Fails48NamespaceExists()
    {
        var db = target.CreateClient().GetDatabase(MongoTarget.NewDatabaseName());
        await db.CreateCollectionAsync("a");

        var error = await Assert.ThrowsAsync<MongoCommandException>(() => db.CreateCollectionAsync("a"));

        Assert.Equal(48, error.Code);
    }

    [Fact]
    public async Task RenameCollection_Existing_MovesDocuments()
    {
        var db = target.CreateClient().GetDatabase(MongoTarget.NewDatabaseName());
        await db.GetCollection<BsonDocument>("a").InsertOneAsync(new BsonDocument("_id", 1));

        await db.RenameCollectionAsync("a", "b");

        Assert.Equal(1, await db.GetCollection<BsonDocument>("b").CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty));
        Assert.DoesNotContain("a", await (await db.ListCollectionNamesAsync()).ToListAsync());
    }

    [Fact]
    public async Task DropDatabase_WithCollections_RemovesFromListDatabases()
    {
        var client = target.CreateClient();
        var name = MongoTarget.NewDatabaseName();
        await client.GetDatabase(name).GetCollection<BsonDocument>("a").InsertOneAsync(new BsonDocument("_id", 1));
        Assert.Contains(name, await (await client.ListDatabaseNamesAsync()).ToListAsync());

        await client.DropDatabaseAsync(name);

        Assert.DoesNotContain(name, await (await client.ListDatabaseNamesAsync()).ToListAsync());
    }

    [Fact]
    public async Task DropCollection_Missing_Succeeds()
    {
        var db = target.CreateClient().GetDatabase(MongoTarget.NewDatabaseName());

        await db.DropCollectionAsync("never");

        Assert.Empty(await (await db.ListCollectionNamesAsync()).ToListAsync());
    }

    [Fact]
    public async Task CollMod_PreAndPostImages_ShowsInCollectionOptions()
    {
        var db = target.CreateClient().GetDatabase(MongoTarget.NewDatabaseName());
        await db.CreateCollectionAsync("a");

        await db.RunCommandAsync<BsonDocument>(new BsonDocument { { "collMod", "a" }, { "changeStreamPreAndPostImages", new BsonDocument("enabled", true) } });
        var info = await (await db.ListCollectionsAsync()).SingleAsync();

        Assert.True(info["options"]["changeStreamPreAndPostImages"]["enabled"].AsBoolean);
    }

    [Fact]
    public async Task Insert_ViolatingValidator_Fails121UnlessBypassed()
    {
        var db = target.CreateClient().GetDatabase(MongoTarget.NewDatabaseName());
        await db.CreateCollectionAsync("v", new CreateCollectionOptions<BsonDocument> { Validator = new BsonDocument("x", new BsonDocument("$type", "string")) });
        var coll = db.GetCollection<BsonDocument>("v");

        var error = await Assert.ThrowsAsync<MongoWriteException>(() => coll.InsertOneAsync(new BsonDocument { { "_id", 1 }, { "x", 1 } }));
        await coll.InsertOneAsync(new BsonDocument { { "_id", 2 }, { "x", 1 } }, new InsertOneOptions { BypassDocumentValidation = true });
        await coll.InsertOneAsync(new BsonDocument { { "_id", 3 }, { "x", "ok" } });

        Assert.Equal(121, error.WriteError.Code);
        Assert.Equal(2, await coll.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty));
    }
}
