using MongoDB.Bson;
using MongoDB.Driver;
using PushGateway.Testing;

namespace PushGateway.EmbeddedMongo.Tests.Commands;

[Collection(EmbeddedMongoCollection.Name)]
public sealed class CrudTests(MongoTarget target)
{
    private IMongoCollection<BsonDocument> NewCollection() =>
        target.CreateClient().GetDatabase(MongoTarget.NewDatabaseName()).GetCollection<BsonDocument>("c");

    [Fact]
    public async Task InsertMany_ThenFind_ReturnsInsertionOrder()
    {
        var coll = NewCollection();
        await coll.InsertManyAsync([new BsonDocument("_id", 3), new BsonDocument("_id", 1), new BsonDocument("_id", 2)]);

        var ids = (await coll.Find(FilterDefinition<BsonDocument>.Empty).ToListAsync()).Select(d => d["_id"].AsInt32);

        Assert.Equal([3, 1, 2], ids);
    }

    [Fact]
    public async Task Find_FilterSortSkipLimitProjection_ReturnsShapedPage()
    {
        var coll = NewCollection();
        await coll.InsertManyAsync(Enumerable.Range(0, 10).Select(i => new BsonDocument { { "_id", i }, { "n", i % 3 }, { "s", $"v{i}" } }));

        var docs = await coll.Find(new BsonDocument("n", new BsonDocument("$gte", 1)))
            .Sort(new BsonDocument { { "n", -1 }, { "_id", 1 } })
            .Skip(1).Limit(3)
            .Project(new BsonDocument { { "s", 1 }, { "_id", 0 } })
            .ToListAsync();

        Assert.Equal(["v5", "v8", "v1"], docs.Select(d => d["s"].AsString));
        Assert.All(docs, d => Assert.False(d.Contains("_id")));
    }

    [Fact]
    public async Task Find_SmallBatchSize_IteratesAllThroughGetMore()
    {
        var coll = NewCollection();
        await coll.InsertManyAsync(Enumerable.Range(0, 25).Select(i => new BsonDocument("_id", i)));

        var all = await coll.Find(FilterDefinition<BsonDocument>.Empty, new FindOptions { BatchSize = 4 }).ToListAsync();

        Assert.Equal(25, all.Count);
    }

    [Fact]
    public async Task GetMore_UnknownCursor_Fails43CursorNotFound()
    {
        var coll = NewCollection();
        var db = coll.Database;

        var error = await Assert.ThrowsAsync<MongoCommandException>(() =>
            db.RunCommandAsync<BsonDocument>(new BsonDocument { { "getMore", 123456789L }, { "collection", "c" } }));

        Assert.Equal(43, error.Code);
    }

    [Fact]
    public async Task KillCursors_OpenCursor_ReportsKilledAndGetMoreFails()
    {
        var coll = NewCollection();
        await coll.InsertManyAsync(Enumerable.Range(0, 10).Select(i => new BsonDocument("_id", i)));
        var db = coll.Database;
        var reply = await db.RunCommandAsync<BsonDocument>(new BsonDocument { { "find", "c" }, { "batchSize", 2 } });
        var id = reply["cursor"]["id"].AsInt64;

        var killed = await db.RunCommandAsync<BsonDocument>(new BsonDocument { { "killCursors", "c" }, { "cursors", new BsonArray { id } } });
        var error = await Assert.ThrowsAsync<MongoCommandException>(() =>
            db.RunCommandAsync<BsonDocument>(new BsonDocument { { "getMore", id }, { "collection", "c" } }));

        Assert.Equal(id, killed["cursorsKilled"][0].AsInt64);
        Assert.Equal(43, error.Code);
    }

    [Fact]
    public async Task InsertOne_DuplicateId_Fails11000ShapedLikeMongod()
    {
        var coll = NewCollection();
        await coll.InsertOneAsync(new BsonDocument("_id", 1));

        var error = await Assert.ThrowsAsync<MongoWriteException>(() => coll.InsertOneAsync(new BsonDocument("_id", 1)));

        Assert.Equal(11000, error.WriteError.Code);
        Assert.Contains("E11000 duplicate key error collection: ", error.WriteError.Message, StringComparison.Ordinal);
        Assert.Contains("index: _id_ dup key: { _id: 1 }", error.WriteError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InsertMany_OrderedWithDuplicate_StopsAtFirstError()
    {
        var coll = NewCollection();

        var error = await Assert.ThrowsAsync<MongoBulkWriteException<BsonDocument>>(() =>
            coll.InsertManyAsync([new BsonDocument("_id", 1), new BsonDocument("_id", 1), new BsonDocument("_id", 2)]));

        Assert.Equal(1, error.WriteErrors.Single().Index);
        Assert.Equal(1, await coll.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty));
    }

    [Fact]
    public async Task UpdateOne_AllFieldOperators_ProduceMongodResult()
    {
        var coll = NewCollection();
        await coll.InsertOneAsync(new BsonDocument { { "_id", 1 }, { "a", 1 }, { "b", 2 }, { "c", 5 }, { "d", 5 }, { "old", "x" }, { "gone", true } });

        await coll.UpdateOneAsync(new BsonDocument("_id", 1), new BsonDocument
        {
            { "$set", new BsonDocument("s.t", "v") },
            { "$unset", new BsonDocument("gone", "") },
            { "$inc", new BsonDocument("a", 2) },
            { "$mul", new BsonDocument("b", 1.5) },
            { "$min", new BsonDocument("c", 3) },
            { "$max", new BsonDocument("d", 9) },
            { "$rename", new BsonDocument("old", "renamed") },
            { "$currentDate", new BsonDocument("when", true) },
            { "$setOnInsert", new BsonDocument("never", 1) },
        });
        var doc = await coll.Find(new BsonDocument("_id", 1)).SingleAsync();

        Assert.Equal(3, doc["a"].AsInt32);
        Assert.Equal(3.0, doc["b"].AsDouble);
        Assert.Equal(3, doc["c"].AsInt32);
        Assert.Equal(9, doc["d"].AsInt32);
        Assert.Equal("v", doc["s"]["t"].AsString);
        Assert.Equal("x", doc["renamed"].AsString);
        Assert.True(doc["when"].IsValidDateTime);
        Assert.False(doc.Contains("gone") || doc.Contains("old") || doc.Contains("never"));
    }

    [Fact]
    public async Task UpdateOne_IncOverflowingInt32_WidensToInt64()
    {
        var coll = NewCollection();
        await coll.InsertOneAsync(new BsonDocument { { "_id", 1 }, { "n", int.MaxValue } });

        await coll.UpdateOneAsync(new BsonDocument("_id", 1), new BsonDocument("$inc", new BsonDocument("n", 1)));
        var doc = await coll.Find(new BsonDocument("_id", 1)).SingleAsync();

        Assert.Equal(BsonType.Int64, doc["n"].BsonType);
        Assert.Equal((long)int.MaxValue + 1, doc["n"].AsInt64);
    }

    [Fact]
    public async Task UpdateOne_ArrayOperators_ProduceMongodResult()
    {
        var coll = NewCollection();
        await coll.InsertOneAsync(new BsonDocument { { "_id", 1 }, { "p", new BsonArray { 1, 2 } }, { "s", new BsonArray { 1 } }, { "q", new BsonArray { 1, 5, 7, 5 } }, { "r", new BsonArray { 1, 2, 3 } }, { "o", new BsonArray { 1, 2, 3 } } });

        await coll.UpdateOneAsync(new BsonDocument("_id", 1), new BsonDocument
        {
            { "$push", new BsonDocument("p", new BsonDocument { { "$each", new BsonArray { 9, 8 } }, { "$position", 0 }, { "$slice", 3 } }) },
            { "$addToSet", new BsonDocument("s", new BsonDocument("$each", new BsonArray { 1, 2 })) },
            { "$pull", new BsonDocument("q", new BsonDocument("$gte", 6)) },
            { "$pullAll", new BsonDocument("r", new BsonArray { 1, 3 }) },
            { "$pop", new BsonDocument("o", -1) },
        });
        var doc = await coll.Find(new BsonDocument("_id", 1)).SingleAsync();

        Assert.Equal(new BsonArray { 9, 8, 1 }, doc["p"]);
        Assert.Equal(new BsonArray { 1, 2 }, doc["s"]);
        Assert.Equal(new BsonArray { 1, 5, 5 }, doc["q"]);
        Assert.Equal(new BsonArray { 2 }, doc["r"]);
        Assert.Equal(new BsonArray { 2, 3 }, doc["o"]);
    }

    [Fact]
    public async Task UpdateMany_ArrayFilters_UpdatesOnlyMatchingElements()
    {
        var coll = NewCollection();
        await coll.InsertOneAsync(new BsonDocument { { "_id", 1 }, { "g", new BsonArray { 95, 100, 102 } } });

        await coll.UpdateManyAsync(
            new BsonDocument("_id", 1),
            new BsonDocument("$set", new BsonDocument("g.$[e]", 100)),
            new UpdateOptions { ArrayFilters = [new BsonDocumentArrayFilterDefinition<BsonDocument>(new BsonDocument("e", new BsonDocument("$gte", 100)))] });
        var doc = await coll.Find(new BsonDocument("_id", 1)).SingleAsync();

        Assert.Equal(new BsonArray { 95, 100, 100 }, doc["g"]);
    }

    [Fact]
    public async Task UpdateOne_UpsertWithEqualityFilter_SeedsFromFilter()
    {
        var coll = NewCollection();

        var result = await coll.UpdateOneAsync(
            new BsonDocument { { "k", "a" }, { "n", new BsonDocument("$gt", 1) } },
            new BsonDocument("$set", new BsonDocument("v", 1)),
            new UpdateOptions { IsUpsert = true });
        var doc = await coll.Find(FilterDefinition<BsonDocument>.Empty).SingleAsync();

        Assert.NotNull(result.UpsertedId);
        Assert.Equal("a", doc["k"].AsString);
        Assert.Equal(1, doc["v"].AsInt32);
        Assert.False(doc.Contains("n"));
    }

    [Fact]
    public async Task UpdateOne_NoChange_ReportsMatchedButNotModified()
    {
        var coll = NewCollection();
        await coll.InsertOneAsync(new BsonDocument { { "_id", 1 }, { "a", 1 } });

        var result = await coll.UpdateOneAsync(new BsonDocument("_id", 1), new BsonDocument("$set", new BsonDocument("a", 1)));

        Assert.Equal(1, result.MatchedCount);
        Assert.Equal(0, result.ModifiedCount);
    }

    [Fact]
    public async Task UpdateOne_UnknownOperator_Fails9NamingIt()
    {
        var coll = NewCollection();
        await coll.InsertOneAsync(new BsonDocument("_id", 1));

        var error = await Assert.ThrowsAsync<MongoWriteException>(() => coll.UpdateOneAsync(new BsonDocument("_id", 1), new BsonDocument("$frobnicate", new BsonDocument("a", 1))));

        Assert.Equal(9, error.WriteError.Code);
        Assert.Contains("$frobnicate", error.WriteError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReplaceOne_Document_KeepsIdAndPosition()
    {
        var coll = NewCollection();
        await coll.InsertManyAsync([new BsonDocument { { "_id", 1 }, { "a", 1 } }, new BsonDocument { { "_id", 2 }, { "a", 2 } }]);

        await coll.ReplaceOneAsync(new BsonDocument("_id", 1), new BsonDocument("b", 5));
        var docs = await coll.Find(FilterDefinition<BsonDocument>.Empty).ToListAsync();

        Assert.Equal(new BsonDocument { { "_id", 1 }, { "b", 5 } }, docs[0]);
    }

    [Fact]
    public async Task DeleteMany_Filter_RemovesMatching()
    {
        var coll = NewCollection();
        await coll.InsertManyAsync(Enumerable.Range(0, 6).Select(i => new BsonDocument { { "_id", i }, { "even", i % 2 == 0 } }));

        var result = await coll.DeleteManyAsync(new BsonDocument("even", true));

        Assert.Equal(3, result.DeletedCount);
        Assert.Equal(3, await coll.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty));
    }

    [Fact]
    public async Task FindOneAndUpdate_ReturnAfterWithSort_ReturnsUpdatedFirst()
    {
        var coll = NewCollection();
        await coll.InsertManyAsync([new BsonDocument { { "_id", 1 }, { "n", 5 } }, new BsonDocument { { "_id", 2 }, { "n", 1 } }]);

        var doc = await coll.FindOneAndUpdateAsync(
            FilterDefinition<BsonDocument>.Empty,
            new BsonDocument("$inc", new BsonDocument("n", 10)),
            new FindOneAndUpdateOptions<BsonDocument> { Sort = new BsonDocument("n", 1), ReturnDocument = ReturnDocument.After });

        Assert.Equal(2, doc["_id"].AsInt32);
        Assert.Equal(11, doc["n"].AsInt32);
    }

    [Fact]
    public async Task FindOneAndDelete_Match_ReturnsDeletedDocument()
    {
        var coll = NewCollection();
        await coll.InsertOneAsync(new BsonDocument { { "_id", 1 }, { "n", 5 } });

        var doc = await coll.FindOneAndDeleteAsync(new BsonDocument("_id", 1));

        Assert.Equal(5, doc["n"].AsInt32);
        Assert.Equal(0, await coll.EstimatedDocumentCountAsync());
    }

    [Fact]
    public async Task Distinct_ArrayValues_FlattensAndDeduplicates()
    {
        var coll = NewCollection();
        await coll.InsertManyAsync([new BsonDocument("t", new BsonArray { "a", "b" }), new BsonDocument("t", "a"), new BsonDocument("t", 1)]);

        var values = await (await coll.DistinctAsync<BsonValue>("t", FilterDefinition<BsonDocument>.Empty)).ToListAsync();

        Assert.Equal(3, values.Count);
    }

    [Fact]
    public async Task Aggregate_GroupSortProject_ComputesTotals()
    {
        var coll = NewCollection();
        await coll.InsertManyAsync([
            new BsonDocument { { "k", "a" }, { "v", 1 } }, new BsonDocument { { "k", "b" }, { "v", 5 } }, new BsonDocument { { "k", "a" }, { "v", 3 } }]);

        var results = await coll.Aggregate<BsonDocument>(new[]
        {
            new BsonDocument("$match", new BsonDocument("v", new BsonDocument("$gt", 0))),
            new BsonDocument("$group", new BsonDocument { { "_id", "$k" }, { "total", new BsonDocument("$sum", "$v") }, { "avg", new BsonDocument("$avg", "$v") }, { "all", new BsonDocument("$push", "$v") } }),
            new BsonDocument("$sort", new BsonDocument("_id", 1)),
            new BsonDocument("$project", new BsonDocument { { "total", 1 }, { "avg", 1 }, { "n", new BsonDocument("$size", "$all") } }),
        }).ToListAsync();

        Assert.Equal(new BsonDocument { { "_id", "a" }, { "total", 4 }, { "avg", 2.0 }, { "n", 2 } }, results[0]);
        Assert.Equal(5, results[1]["total"].AsInt32);
    }

    [Fact]
    public async Task Aggregate_UnwindAndLookup_JoinsByEquality()
    {
        var db = target.CreateClient().GetDatabase(MongoTarget.NewDatabaseName());
        await db.GetCollection<BsonDocument>("orders").InsertOneAsync(new BsonDocument { { "_id", 1 }, { "items", new BsonArray { "x", "y" } } });
        await db.GetCollection<BsonDocument>("products").InsertManyAsync([new BsonDocument { { "_id", "x" }, { "p", 1 } }, new BsonDocument { { "_id", "y" }, { "p", 2 } }]);

        var results = await db.GetCollection<BsonDocument>("orders").Aggregate<BsonDocument>(new[]
        {
            new BsonDocument("$unwind", "$items"),
            new BsonDocument("$lookup", new BsonDocument { { "from", "products" }, { "localField", "items" }, { "foreignField", "_id" }, { "as", "product" } }),
        }).ToListAsync();

        Assert.Equal(2, results.Count);
        Assert.Equal(2, results[1]["product"][0]["p"].AsInt32);
    }

    [Fact]
    public async Task Aggregate_UnknownStage_Fails40324NamingIt()
    {
        var coll = NewCollection();

        var error = await Assert.ThrowsAsync<MongoCommandException>(() => coll.Aggregate<BsonDocument>(new[] { new BsonDocument("$nope", 1) }).ToListAsync());

        Assert.Equal(40324, error.Code);
        Assert.Contains("$nope", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CountDocuments_WithFilterSkipLimit_CountsLikeMongod()
    {
        var coll = NewCollection();
        await coll.InsertManyAsync(Enumerable.Range(0, 10).Select(i => new BsonDocument("n", i)));

        var count = await coll.CountDocumentsAsync(new BsonDocument("n", new BsonDocument("$gte", 2)), new CountOptions { Skip = 1, Limit = 5 });
        var estimated = await coll.EstimatedDocumentCountAsync();

        Assert.Equal(5, count);
        Assert.Equal(10, estimated);
    }

    [Fact]
    public async Task Find_InvalidFilterOperator_FailsWithQueryEngineCode()
    {
        var coll = NewCollection();

        var error = await Assert.ThrowsAsync<MongoCommandException>(() => coll.Find(new BsonDocument("a", new BsonDocument("$bogus", 1))).ToListAsync());

        Assert.Equal(2, error.Code);
        Assert.Contains("$bogus", error.Message, StringComparison.Ordinal);
    }
}
