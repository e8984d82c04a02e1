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

    [Fact]
    public async Task Find_ByIndexedFieldsAfterWrites_ReturnsWhatAScanReturns()
    {
        var coll = NewCollection();
        await coll.Indexes.CreateOneAsync(new CreateIndexModel<BsonDocument>(new BsonDocument { { "s", 1 }, { "due", 1 } }));
        await coll.InsertManyAsync(Enumerable.Range(0, 60).Select(i => new BsonDocument { { "_id", i }, { "s", i % 3 == 0 ? "pending" : "done" }, { "due", i % 4 == 0 ? (BsonValue)(long)i : i } }));
        await coll.UpdateManyAsync(new BsonDocument("_id", new BsonDocument("$lt", 10)), new BsonDocument("$set", new BsonDocument("s", "pending")));
        await coll.DeleteManyAsync(new BsonDocument { { "s", "pending" }, { "due", new BsonDocument("$gte", 50) } });
        await coll.ReplaceOneAsync(new BsonDocument("_id", 12), new BsonDocument { { "s", new BsonArray { "done", "pending" } }, { "due", 5.5 } });
        var filter = new BsonDocument { { "s", "pending" }, { "due", new BsonDocument { { "$gt", 4 }, { "$lte", 40 } } } };

        var indexed = await coll.Find(filter).ToListAsync();
        var scanned = await coll.Find(new BsonDocument("$or", new BsonArray { filter })).ToListAsync();
        var updated = await coll.UpdateManyAsync(filter, new BsonDocument("$set", new BsonDocument("leased", true)));
        var deleted = await coll.DeleteManyAsync(new BsonDocument("s", "done"));

        // Without a sort the order is unspecified (an index scan returns index order, a scan natural order): compare sets.
        Assert.Equal([5, 6, 7, 8, 9, 12, 15, 18, 21, 24, 27, 30, 33, 36, 39], indexed.Select(d => d["_id"].AsInt32).Order());
        Assert.Equal(scanned.OrderBy(d => d["_id"].AsInt32), indexed.OrderBy(d => d["_id"].AsInt32));
        Assert.Equal(indexed.Count, updated.ModifiedCount);
        Assert.True(deleted.DeletedCount > 0);
        Assert.Empty(await coll.Find(new BsonDocument("s", "done")).ToListAsync());
    }

    [Fact]
    public async Task Find_AfterRenameAndDropIndex_StillFindsByFormerlyIndexedField()
    {
        var db = target.CreateClient().GetDatabase(MongoTarget.NewDatabaseName());
        var coll = db.GetCollection<BsonDocument>("a");
        await coll.Indexes.CreateOneAsync(new CreateIndexModel<BsonDocument>(new BsonDocument("k", 1)));
        await coll.InsertManyAsync(Enumerable.Range(0, 10).Select(i => new BsonDocument { { "_id", i }, { "k", i % 2 } }));

        await db.RenameCollectionAsync("a", "b");
        var renamed = db.GetCollection<BsonDocument>("b");
        var afterRename = await renamed.Find(new BsonDocument("k", 1)).ToListAsync();
        await renamed.Indexes.DropOneAsync("k_1");
        var afterDrop = await renamed.Find(new BsonDocument("k", new BsonDocument("$in", new BsonArray { 1 }))).ToListAsync();

        Assert.Equal([1, 3, 5, 7, 9], afterRename.Select(d => d["_id"].AsInt32));
        Assert.Equal(afterRename, afterDrop);
    }
}
