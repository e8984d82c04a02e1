using MongoDB.Bson;
using MongoDB.Driver;
using PushGateway.Testing;

namespace PushGateway.EmbeddedMongo.Tests.ChangeStreams;

[Collection(EmbeddedMongoCollection.Name)]
public sealed class ChangeStreamTests(MongoTarget target)
{
    private static readonly ChangeStreamOptions Fast = new() { MaxAwaitTime = TimeSpan.FromMilliseconds(200) };

    private IMongoCollection<BsonDocument> NewCollection(IMongoClient? client = null) =>
        (client ?? target.CreateClient()).GetDatabase(MongoTarget.NewDatabaseName()).GetCollection<BsonDocument>("c");

    private static async Task<ChangeStreamReader<ChangeStreamDocument<BsonDocument>>> WatchAsync(IMongoCollection<BsonDocument> coll, ChangeStreamOptions? options = null) =>
        new(await coll.WatchAsync(options ?? Fast));

    private static async Task<ChangeStreamReader<BsonDocument>> WatchRawAsync(IMongoCollection<BsonDocument> coll, ChangeStreamOptions? options = null)
    {
        var pipeline = new EmptyPipelineDefinition<ChangeStreamDocument<BsonDocument>>().AppendStage<ChangeStreamDocument<BsonDocument>, ChangeStreamDocument<BsonDocument>, BsonDocument>(
            new BsonDocument("$match", new BsonDocument()));
        return new(await coll.WatchAsync(pipeline, options ?? Fast));
    }

    [Fact]
    public async Task Watch_Insert_DeliversInsertEventWithShape()
    {
        var coll = NewCollection();
        using var stream = await WatchRawAsync(coll);

        await coll.InsertOneAsync(new BsonDocument { { "_id", 1 }, { "a", 1 } });
        var e = await stream.NextAsync();

        Assert.Equal("insert", e["operationType"].AsString);
        Assert.True(e["_id"]["_data"].IsString);
        Assert.Equal(BsonType.Timestamp, e["clusterTime"].BsonType);
        Assert.Equal(BsonType.DateTime, e["wallTime"].BsonType);
        Assert.Equal(new BsonDocument { { "db", coll.Database.DatabaseNamespace.DatabaseName }, { "coll", "c" } }, e["ns"]);
        Assert.Equal(new BsonDocument("_id", 1), e["documentKey"]);
        Assert.Equal(new BsonDocument { { "_id", 1 }, { "a", 1 } }, e["fullDocument"]);
    }

    [Fact]
    public async Task Watch_UpdateOperators_ReportsPathsTheOperatorsWrote()
    {
        var coll = NewCollection();
        await coll.InsertOneAsync(new BsonDocument { { "_id", 1 }, { "n", 1 }, { "gone", 1 }, { "arr", new BsonArray { 1, 2, 3 } }, { "sub", new BsonDocument("x", 1) } });
        using var stream = await WatchRawAsync(coll);

        await coll.UpdateOneAsync(new BsonDocument("_id", 1), new BsonDocument
        {
            { "$inc", new BsonDocument("n", 5) },
            { "$unset", new BsonDocument("gone", "") },
            { "$set", new BsonDocument("sub.x", 2) },
        });
        await coll.UpdateOneAsync(new BsonDocument("_id", 1), new BsonDocument("$push", new BsonDocument("arr", 4)));
        await coll.UpdateOneAsync(new BsonDocument("_id", 1), new BsonDocument("$push", new BsonDocument("arr", new BsonDocument { { "$each", new BsonArray() }, { "$slice", 2 } })));
        var first = await stream.NextAsync();
        var second = await stream.NextAsync();
        var third = await stream.NextAsync();

        Assert.Equal("update", first["operationType"].AsString);
        Assert.Equal(new BsonDocument { { "n", 6 }, { "sub.x", 2 } }, first["updateDescription"]["updatedFields"]);
        Assert.Equal(new BsonArray { "gone" }, first["updateDescription"]["removedFields"]);
        Assert.False(first.Contains("fullDocument"));
        Assert.False(first["updateDescription"].AsBsonDocument.Contains("disambiguatedPaths"));
        Assert.Equal(new BsonDocument("arr.3", 4), second["updateDescription"]["updatedFields"]);
        Assert.Equal(new BsonDocument("arr", new BsonArray { 1, 2 }), third["updateDescription"]["updatedFields"]);
        Assert.Equal(new BsonArray(), third["updateDescription"]["truncatedArrays"]);
    }

    [Fact]
    public async Task Watch_NoOpUpdate_ProducesNoEvent()
    {
        var coll = NewCollection();
        await coll.InsertOneAsync(new BsonDocument { { "_id", 1 }, { "a", 1 } });
        using var stream = await WatchAsync(coll);

        await coll.UpdateOneAsync(new BsonDocument("_id", 1), new BsonDocument("$set", new BsonDocument("a", 1)));
        await coll.InsertOneAsync(new BsonDocument("_id", 2));
        var next = await stream.NextAsync();

        Assert.Equal(ChangeStreamOperationType.Insert, next.OperationType);
        Assert.Equal(2, next.DocumentKey["_id"].AsInt32);
    }

    [Fact]
    public async Task Watch_ReplaceAndDelete_DeliverEventsInCommitOrder()
    {
        var coll = NewCollection();
        await coll.InsertOneAsync(new BsonDocument { { "_id", 1 }, { "a", 1 } });
        using var stream = await WatchAsync(coll);

        await coll.ReplaceOneAsync(new BsonDocument("_id", 1), new BsonDocument("b", 2));
        await coll.DeleteOneAsync(new BsonDocument("_id", 1));
        var replace = await stream.NextAsync();
        var delete = await stream.NextAsync();

        Assert.Equal(ChangeStreamOperationType.Replace, replace.OperationType);
        Assert.Equal(new BsonDocument { { "_id", 1 }, { "b", 2 } }, replace.FullDocument);
        Assert.Equal(ChangeStreamOperationType.Delete, delete.OperationType);
        Assert.True(delete.ClusterTime > replace.ClusterTime);
    }

    [Fact]
    public async Task Watch_FullDocumentUpdateLookup_ReturnsCurrentDocument()
    {
        var coll = NewCollection();
        await coll.InsertOneAsync(new BsonDocument { { "_id", 1 }, { "a", 1 } });
        using var stream = await WatchAsync(coll, new ChangeStreamOptions { FullDocument = ChangeStreamFullDocumentOption.UpdateLookup, MaxAwaitTime = Fast.MaxAwaitTime });

        await coll.UpdateOneAsync(new BsonDocument("_id", 1), new BsonDocument("$set", new BsonDocument("a", 2)));
        var e = await stream.NextAsync();

        Assert.Equal(new BsonDocument { { "_id", 1 }, { "a", 2 } }, e.FullDocument);
    }

    [Fact]
    public async Task Watch_PreAndPostImagesEnabled_ReturnsBothImages()
    {
        var db = target.CreateClient().GetDatabase(MongoTarget.NewDatabaseName());
        await db.CreateCollectionAsync("c", new CreateCollectionOptions { ChangeStreamPreAndPostImagesOptions = new ChangeStreamPreAndPostImagesOptions { Enabled = true } });
        var coll = db.GetCollection<BsonDocument>("c");
        await coll.InsertOneAsync(new BsonDocument { { "_id", 1 }, { "a", 1 } });
        using var stream = await WatchAsync(coll, new ChangeStreamOptions
        {
            FullDocument = ChangeStreamFullDocumentOption.Required,
            FullDocumentBeforeChange = ChangeStreamFullDocumentBeforeChangeOption.Required,
            MaxAwaitTime = Fast.MaxAwaitTime,
        });

        await coll.UpdateOneAsync(new BsonDocument("_id", 1), new BsonDocument("$set", new BsonDocument("a", 2)));
        await coll.DeleteOneAsync(new BsonDocument("_id", 1));
        var update = await stream.NextAsync();
        var delete = await stream.NextAsync();

        Assert.Equal(new BsonDocument { { "_id", 1 }, { "a", 1 } }, update.FullDocumentBeforeChange);
        Assert.Equal(new BsonDocument { { "_id", 1 }, { "a", 2 } }, update.FullDocument);
        Assert.Equal(new BsonDocument { { "_id", 1 }, { "a", 2 } }, delete.FullDocumentBeforeChange);
    }

    [Fact]
    public async Task Watch_WhenAvailableWithoutImages_ReturnsNullImages()
    {
        var coll = NewCollection();
        await coll.InsertOneAsync(new BsonDocument { { "_id", 1 }, { "a", 1 } });
        using var stream = await WatchRawAsync(coll, new ChangeStreamOptions
        {
            FullDocument = ChangeStreamFullDocumentOption.WhenAvailable,
            FullDocumentBeforeChange = ChangeStreamFullDocumentBeforeChangeOption.WhenAvailable,
            MaxAwaitTime = Fast.MaxAwaitTime,
        });

        await coll.UpdateOneAsync(new BsonDocument("_id", 1), new BsonDocument("$set", new BsonDocument("a", 2)));
        var e = await stream.NextAsync();

        Assert.True(e["fullDocument"].IsBsonNull);
        Assert.True(e["fullDocumentBeforeChange"].IsBsonNull);
    }

    [Fact]
    public async Task Watch_ResumeAfterToken_DeliversOnlyLaterEvents()
    {
        var coll = NewCollection();
        BsonDocument token;
        using (var stream = await WatchAsync(coll))
        {
            await coll.InsertOneAsync(new BsonDocument("_id", 1));
            token = (await stream.NextAsync()).ResumeToken;
        }

        await coll.InsertOneAsync(new BsonDocument("_id", 2));
        using var resumed = await WatchAsync(coll, new ChangeStreamOptions { ResumeAfter = token, MaxAwaitTime = Fast.MaxAwaitTime });
        var next = await resumed.NextAsync();

        Assert.Equal(2, next.DocumentKey["_id"].AsInt32);
    }

    [Fact]
    public async Task Watch_StartAtOperationTime_IncludesEventsAtThatTime()
    {
        var client = target.CreateClient();
        var coll = NewCollection(client);
        using var session = await client.StartSessionAsync();
        await coll.InsertOneAsync(session, new BsonDocument("_id", 0));
        await coll.InsertOneAsync(session, new BsonDocument("_id", 1));
        var time = session.OperationTime;
        await coll.InsertOneAsync(new BsonDocument("_id", 2));

        using var stream = await WatchAsync(coll, new ChangeStreamOptions { StartAtOperationTime = time, MaxAwaitTime = Fast.MaxAwaitTime });
        var first = await stream.NextAsync();
        var second = await stream.NextAsync();

        Assert.Equal(1, first.DocumentKey["_id"].AsInt32);
        Assert.Equal(2, second.DocumentKey["_id"].AsInt32);
    }

    [Fact]
    public async Task Watch_CollectionDropped_DeliversDropThenInvalidateThenStartAfterContinues()
    {
        var coll = NewCollection();
        await coll.InsertOneAsync(new BsonDocument("_id", 1));
        using var stream = await WatchAsync(coll);

        await coll.Database.DropCollectionAsync("c");
        var drop = await stream.NextAsync();
        var invalidate = await stream.NextAsync();
        await coll.InsertOneAsync(new BsonDocument("_id", 2));
        using var after = await WatchAsync(coll, new ChangeStreamOptions { StartAfter = invalidate.ResumeToken, MaxAwaitTime = Fast.MaxAwaitTime });
        var inserted = await after.NextAsync();

        Assert.Equal(ChangeStreamOperationType.Drop, drop.OperationType);
        Assert.Equal(ChangeStreamOperationType.Invalidate, invalidate.OperationType);
        Assert.Equal(2, inserted.DocumentKey["_id"].AsInt32);
    }

    [Fact]
    public async Task Watch_Database_SeesAllCollectionsAndRename()
    {
        var db = target.CreateClient().GetDatabase(MongoTarget.NewDatabaseName());
        using var stream = new ChangeStreamReader<ChangeStreamDocument<BsonDocument>>(await db.WatchAsync(Fast));

        await db.GetCollection<BsonDocument>("a").InsertOneAsync(new BsonDocument("_id", 1));
        await db.GetCollection<BsonDocument>("b").InsertOneAsync(new BsonDocument("_id", 2));
        await db.RenameCollectionAsync("a", "z");
        var first = await stream.NextAsync();
        var second = await stream.NextAsync();
        var rename = await stream.NextAsync();

        Assert.Equal("a", first.CollectionNamespace.CollectionName);
        Assert.Equal("b", second.CollectionNamespace.CollectionName);
        Assert.Equal(ChangeStreamOperationType.Rename, rename.OperationType);
        Assert.Equal("z", rename.RenameTo.CollectionName);
    }

    [Fact]
    public async Task Watch_Cluster_SeesOtherDatabases()
    {
        var client = target.CreateClient();
        using var stream = new ChangeStreamReader<ChangeStreamDocument<BsonDocument>>(await client.WatchAsync(Fast));
        var coll = NewCollection(client);

        await coll.InsertOneAsync(new BsonDocument("_id", "cluster-wide"));
        ChangeStreamDocument<BsonDocument> e;
        do
        {
            // Other tests write concurrently; skip their events.
            e = await stream.NextAsync();
        }
        while (e.CollectionNamespace?.DatabaseNamespace.DatabaseName != coll.Database.DatabaseNamespace.DatabaseName);

        Assert.Equal("cluster-wide", e.DocumentKey["_id"].AsString);
    }

    [Fact]
    public async Task Watch_DropDatabase_DeliversDropsDropDatabaseAndInvalidate()
    {
        var db = target.CreateClient().GetDatabase(MongoTarget.NewDatabaseName());
        await db.GetCollection<BsonDocument>("a").InsertOneAsync(new BsonDocument("_id", 1));
        using var stream = new ChangeStreamReader<ChangeStreamDocument<BsonDocument>>(await db.WatchAsync(Fast));

        await db.Client.DropDatabaseAsync(db.DatabaseNamespace.DatabaseName);
        var kinds = new List<ChangeStreamOperationType>();
        for (var i = 0; i < 3; i++)
        {
            kinds.Add((await stream.NextAsync()).OperationType);
        }

        Assert.Equal([ChangeStreamOperationType.Drop, ChangeStreamOperationType.DropDatabase, ChangeStreamOperationType.Invalidate], kinds);
    }

    [Fact]
    public async Task Watch_MatchStage_FiltersEvents()
    {
        var coll = NewCollection();
        var pipeline = new EmptyPipelineDefinition<ChangeStreamDocument<BsonDocument>>().Match(new BsonDocument("fullDocument.keep", true));
        using var stream = new ChangeStreamReader<ChangeStreamDocument<BsonDocument>>(await coll.WatchAsync(pipeline, Fast));

        await coll.InsertOneAsync(new BsonDocument { { "_id", 1 }, { "keep", false } });
        await coll.InsertOneAsync(new BsonDocument { { "_id", 2 }, { "keep", true } });
        var e = await stream.NextAsync();

        Assert.Equal(2, e.DocumentKey["_id"].AsInt32);
    }

    [Fact]
    public async Task Watch_ProjectRemovesId_Fails280()
    {
        var coll = NewCollection();
        var pipeline = new EmptyPipelineDefinition<ChangeStreamDocument<BsonDocument>>().Project<ChangeStreamDocument<BsonDocument>, ChangeStreamDocument<BsonDocument>, BsonDocument>(new BsonDocument("_id", 0));
        using var cursor = await coll.WatchAsync(pipeline, Fast);
        await coll.InsertOneAsync(new BsonDocument("_id", 1));

        var error = await Assert.ThrowsAsync<MongoCommandException>(async () =>
        {
            while (await cursor.MoveNextAsync())
            {
                if (cursor.Current.Any())
                {
                    return;
                }
            }
        });

        Assert.Equal(280, error.Code);
    }

    [Fact]
    public async Task Watch_UnknownResumeToken_Fails280()
    {
        var coll = NewCollection();
        var bogus = new BsonDocument("_data", "7FFFFFFF000000007FFFFFFFFFFFFFFF00");

        var error = await Assert.ThrowsAsync<MongoCommandException>(() => coll.WatchAsync(new ChangeStreamOptions { ResumeAfter = bogus }));

        Assert.Equal(280, error.Code);
    }

    [Fact]
    public async Task GetMore_EmptyBatch_ReturnsPostBatchResumeTokenThatResumes()
    {
        var coll = NewCollection();
        using var stream = await WatchAsync(coll);
        Assert.Empty(await stream.TryNextBatchAsync());
        var token = stream.Cursor.GetResumeToken();

        await coll.InsertOneAsync(new BsonDocument("_id", 7));
        using var resumed = await WatchAsync(coll, new ChangeStreamOptions { ResumeAfter = token, MaxAwaitTime = Fast.MaxAwaitTime });
        var e = await resumed.NextAsync();

        Assert.NotNull(token);
        Assert.Equal(7, e.DocumentKey["_id"].AsInt32);
    }

    [Fact]
    public async Task GetMore_WaitingStream_WakesOnWrite()
    {
        var coll = NewCollection();
        using var stream = await WatchAsync(coll, new ChangeStreamOptions { MaxAwaitTime = TimeSpan.FromSeconds(30) });
        var next = stream.NextAsync();

        await coll.InsertOneAsync(new BsonDocument("_id", 1));
        var e = await next;

        Assert.Equal(1, e.DocumentKey["_id"].AsInt32);
    }

    [Fact]
    public async Task GetMore_TwoWaitingStreams_OneWriteWakesBoth()
    {
        // The change log completes its append signal only while a stream waits on it: one write must still wake every
        // waiting stream. The await time is far beyond the guard below, so a missed wake-up fails instead of returning
        // the event late.
        var coll = NewCollection();
        var options = new ChangeStreamOptions { MaxAwaitTime = TimeSpan.FromMinutes(10) };
        using var first = await WatchAsync(coll, options);
        using var second = await WatchAsync(coll, options);
        var firstNext = first.NextAsync();
        var secondNext = second.NextAsync();

        await coll.InsertOneAsync(new BsonDocument("_id", 1));
        var events = await Task.WhenAll(firstNext, secondNext).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.All(events, e => Assert.Equal(1, e.DocumentKey["_id"].AsInt32));
    }

    [Fact]
    public async Task Watch_ShowExpandedEvents_ReportsDdlEventsAndDisambiguatedPaths()
    {
        var coll = NewCollection();
        await coll.InsertOneAsync(new BsonDocument { { "_id", 1 }, { "a", new BsonDocument("1", 0) } });
        var pipeline = new EmptyPipelineDefinition<ChangeStreamDocument<BsonDocument>>().AppendStage<ChangeStreamDocument<BsonDocument>, ChangeStreamDocument<BsonDocument>, BsonDocument>(
            new BsonDocument("$match", new BsonDocument()));
        using var stream = new ChangeStreamReader<BsonDocument>(await coll.WatchAsync(pipeline, new ChangeStreamOptions { ShowExpandedEvents = true, MaxAwaitTime = Fast.MaxAwaitTime }));

        await coll.Indexes.CreateOneAsync(new CreateIndexModel<BsonDocument>(new BsonDocument("x", 1)));
        await coll.UpdateOneAsync(new BsonDocument("_id", 1), new BsonDocument("$set", new BsonDocument("a.1", 5)));
        var createIndexes = await stream.NextAsync();
        var update = await stream.NextAsync();

        Assert.Equal("createIndexes", createIndexes["operationType"].AsString);
        Assert.Equal("x_1", createIndexes["operationDescription"]["indexes"][0]["name"].AsString);
        Assert.True(update.Contains("collectionUUID"));
        Assert.Equal(new BsonArray { "a", "1" }, update["updateDescription"]["disambiguatedPaths"]["a.1"]);
    }
}
