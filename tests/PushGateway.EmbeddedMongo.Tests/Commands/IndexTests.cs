using MongoDB.Bson;
using MongoDB.Driver;
using PushGateway.Testing;

namespace PushGateway.EmbeddedMongo.Tests.Commands;

[Collection(EmbeddedMongoCollection.Name)]
public sealed class IndexTests(MongoTarget target)
{
    private IMongoCollection<BsonDocument> NewCollection() =>
        target.CreateClient().GetDatabase(MongoTarget.NewDatabaseName()).GetCollection<BsonDocument>("c");

    [Fact]
    public async Task InsertOne_UniqueIndexViolated_Fails11000WithKeyPatternAndValue()
    {
        var coll = NewCollection();
        await coll.Indexes.CreateOneAsync(new CreateIndexModel<BsonDocument>(new BsonDocument("k", 1), new CreateIndexOptions { Unique = true }));
        await coll.InsertOneAsync(new BsonDocument("k", "x"));

        var error = await Assert.ThrowsAsync<MongoWriteException>(() => coll.InsertOneAsync(new BsonDocument("k", "x")));

        Assert.Equal(11000, error.WriteError.Code);
        Assert.EndsWith($"collection: {coll.CollectionNamespace.FullName} index: k_1 dup key: {{ k: \"x\" }}", error.WriteError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateIndex_UniqueOverDuplicates_Fails11000()
    {
        var coll = NewCollection();
        await coll.InsertManyAsync([new BsonDocument("k", 1), new BsonDocument("k", 1)]);

        var error = await Assert.ThrowsAsync<MongoCommandException>(() =>
            coll.Indexes.CreateOneAsync(new CreateIndexModel<BsonDocument>(new BsonDocument("k", 1), new CreateIndexOptions { Unique = true })));

        Assert.Equal(11000, error.Code);
    }

    [Fact]
    public async Task CreateIndex_CompoundUniqueSparse_EnforcesOnlyPresentKeys()
    {
        var coll = NewCollection();
        await coll.Indexes.CreateOneAsync(new CreateIndexModel<BsonDocument>(new BsonDocument { { "a", 1 }, { "b", -1 } }, new CreateIndexOptions { Unique = true, Sparse = true }));

        await coll.InsertManyAsync([new BsonDocument("z", 1), new BsonDocument("z", 2), new BsonDocument { { "a", 1 }, { "b", 1 } }, new BsonDocument { { "a", 1 }, { "b", 2 } }]);
        var error = await Assert.ThrowsAsync<MongoWriteException>(() => coll.InsertOneAsync(new BsonDocument { { "a", 1 }, { "b", 2 } }));

        Assert.Equal(11000, error.WriteError.Code);
    }

    [Fact]
    public async Task ListIndexes_AfterCreateAndDrop_ReflectsIndexes()
    {
        var coll = NewCollection();
        await coll.Indexes.CreateOneAsync(new CreateIndexModel<BsonDocument>(new BsonDocument("a", 1)));
        await coll.Indexes.CreateOneAsync(new CreateIndexModel<BsonDocument>(new BsonDocument("b", 1)));

        await coll.Indexes.DropOneAsync("a_1");
        var names = (await (await coll.Indexes.ListAsync()).ToListAsync()).Select(i => i["name"].AsString);

        Assert.Equal(["_id_", "b_1"], names);
    }

    [Fact]
    public async Task UpdateOne_ChangingToTakenUniqueKey_Fails11000AndKeepsDocument()
    {
        var coll = NewCollection();
        await coll.Indexes.CreateOneAsync(new CreateIndexModel<BsonDocument>(new BsonDocument("k", 1), new CreateIndexOptions { Unique = true }));
        await coll.InsertManyAsync([new BsonDocument { { "_id", 1 }, { "k", 1 } }, new BsonDocument { { "_id", 2 }, { "k", 2 } }]);

        var error = await Assert.ThrowsAsync<MongoWriteException>(() => coll.UpdateOneAsync(new BsonDocument("_id", 2), new BsonDocument("$set", new BsonDocument("k", 1))));
        var doc = await coll.Find(new BsonDocument("_id", 2)).SingleAsync();

        Assert.Equal(11000, error.WriteError.Code);
        Assert.Equal(2, doc["k"].AsInt32);
    }
}
