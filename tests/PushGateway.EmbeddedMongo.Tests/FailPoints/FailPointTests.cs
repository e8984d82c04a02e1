using MongoDB.Bson;
using MongoDB.Driver;
using PushGateway.EmbeddedMongo.Tests.ChangeStreams;
using PushGateway.Testing;

namespace PushGateway.EmbeddedMongo.Tests.FailPoints;

[Collection(EmbeddedMongoCollection.Name)]
public sealed class FailPointTests(MongoTarget target) : IAsyncLifetime
{
    private IMongoDatabase Admin => target.CreateClient().GetDatabase("admin");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var name in new[] { "failCommand", "failGetMoreAfterCursorCheckout", "onPrimaryTransactionalWrite" })
        {
            await Admin.RunCommandAsync<BsonDocument>(new BsonDocument { { "configureFailPoint", name }, { "mode", "off" } });
        }
    }

    private Task ConfigureAsync(string name, BsonValue mode, BsonDocument data) =>
        Admin.RunCommandAsync<BsonDocument>(new BsonDocument { { "configureFailPoint", name }, { "mode", mode }, { "data", data } });

    private IMongoCollection<BsonDocument> NewCollection() =>
        target.CreateClient().GetDatabase(MongoTarget.NewDatabaseName()).GetCollection<BsonDocument>("c");

    [Fact]
    public async Task FailCommand_ErrorCodeWithLabels_ReturnsExactlyThoseLabels()
    {
        await ConfigureAsync("failCommand", new BsonDocument("times", 1), new BsonDocument { { "failCommands", new BsonArray { "ping" } }, { "errorCode", 2 }, { "errorLabels", new BsonArray { "Custom" } } });

        var error = await Assert.ThrowsAsync<MongoCommandException>(() => Admin.RunCommandAsync<BsonDocument>(new BsonDocument("ping", 1)));
        var after = await Admin.RunCommandAsync<BsonDocument>(new BsonDocument("ping", 1));

        Assert.Equal(2, error.Code);
        Assert.Equal(["Custom"], error.ErrorLabels);
        Assert.Equal(1.0, after["ok"].ToDouble());
    }

    [Fact]
    public async Task FailCommand_RetryableCodeOnInsert_DriverRetriesAndWritesOnce()
    {
        var coll = NewCollection();
        await ConfigureAsync("failCommand", new BsonDocument("times", 1), new BsonDocument { { "failCommands", new BsonArray { "insert" } }, { "errorCode", 91 } });

        await coll.InsertOneAsync(new BsonDocument("_id", 1));

        Assert.Equal(1, await coll.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty));
    }

    [Fact]
    public async Task FailCommand_CloseConnectionOnInsert_DriverRetriesAndWritesOnce()
    {
        var coll = NewCollection();
        await ConfigureAsync("failCommand", new BsonDocument("times", 1), new BsonDocument { { "failCommands", new BsonArray { "insert" } }, { "closeConnection", true } });

        await coll.InsertOneAsync(new BsonDocument("_id", 1));

        Assert.Equal(1, await coll.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty));
    }

    [Fact]
    public async Task FailCommand_SkipMode_FailsOnlyAfterSkipped()
    {
        await ConfigureAsync("failCommand", new BsonDocument("skip", 1), new BsonDocument { { "failCommands", new BsonArray { "buildInfo" } }, { "errorCode", 8 } });

        var first = await Admin.RunCommandAsync<BsonDocument>(new BsonDocument("buildInfo", 1));
        var error = await Assert.ThrowsAsync<MongoCommandException>(() => Admin.RunCommandAsync<BsonDocument>(new BsonDocument("buildInfo", 1)));

        Assert.Equal(1.0, first["ok"].ToDouble());
        Assert.Equal(8, error.Code);
    }

    [Fact]
    public async Task FailCommand_BlockConnection_StillAnswers()
    {
        await ConfigureAsync("failCommand", new BsonDocument("times", 1), new BsonDocument { { "failCommands", new BsonArray { "ping" } }, { "blockConnection", true }, { "blockTimeMS", 20 } });

        var reply = await Admin.RunCommandAsync<BsonDocument>(new BsonDocument("ping", 1));

        Assert.Equal(1.0, reply["ok"].ToDouble());
    }

    [Fact]
    public async Task FailGetMoreAfterCursorCheckout_ResumableError_StreamResumesWithoutLossOrDuplicates()
    {
        var coll = NewCollection();
        using var stream = new ChangeStreamReader<ChangeStreamDocument<BsonDocument>>(await coll.WatchAsync(new ChangeStreamOptions { MaxAwaitTime = TimeSpan.FromMilliseconds(100) }));
        await coll.InsertOneAsync(new BsonDocument("_id", 1));
        Assert.Equal(1, (await stream.NextAsync()).DocumentKey["_id"].AsInt32);

        await ConfigureAsync("failGetMoreAfterCursorCheckout", new BsonDocument("times", 1), new BsonDocument("errorCode", 6));
        await coll.InsertManyAsync([new BsonDocument("_id", 2), new BsonDocument("_id", 3)]);
        var next = await stream.NextAsync();
        var last = await stream.NextAsync();

        Assert.Equal(2, next.DocumentKey["_id"].AsInt32);
        Assert.Equal(3, last.DocumentKey["_id"].AsInt32);
    }

    [Fact]
    public async Task FailCommand_CloseConnectionOnGetMore_StreamResumesWithoutLossOrDuplicates()
    {
        var coll = NewCollection();
        using var stream = new ChangeStreamReader<ChangeStreamDocument<BsonDocument>>(await coll.WatchAsync(new ChangeStreamOptions { MaxAwaitTime = TimeSpan.FromMilliseconds(100) }));
        await coll.InsertOneAsync(new BsonDocument("_id", 1));
        Assert.Equal(1, (await stream.NextAsync()).DocumentKey["_id"].AsInt32);

        await ConfigureAsync("failCommand", new BsonDocument("times", 1), new BsonDocument { { "failCommands", new BsonArray { "getMore" } }, { "closeConnection", true } });
        await coll.InsertManyAsync([new BsonDocument("_id", 2), new BsonDocument("_id", 3)]);
        var ids = new List<int> { (await stream.NextAsync()).DocumentKey["_id"].AsInt32, (await stream.NextAsync()).DocumentKey["_id"].AsInt32 };
        await coll.InsertOneAsync(new BsonDocument("_id", 4));
        ids.Add((await stream.NextAsync()).DocumentKey["_id"].AsInt32);

        Assert.Equal([2, 3, 4], ids);
    }

    [Fact]
    public async Task FailCommand_GetMoreErrorWithoutLabel_IsNotResumed()
    {
        var coll = NewCollection();
        using var cursor = await coll.WatchAsync(new ChangeStreamOptions { MaxAwaitTime = TimeSpan.FromMilliseconds(50) });
        await ConfigureAsync("failCommand", new BsonDocument("times", 1), new BsonDocument { { "failCommands", new BsonArray { "getMore" } }, { "errorCode", 6 } });

        // The first MoveNext returns the aggregate's first batch; the next ones issue getMore.
        var error = await Assert.ThrowsAsync<MongoCommandException>(async () =>
        {
            for (var i = 0; i < 3; i++)
            {
                await cursor.MoveNextAsync();
            }
        });

        Assert.Equal(6, error.Code);
    }

    [Fact]
    public async Task OnPrimaryTransactionalWrite_ConnectionDropsAfterFirstStatement_RetryWritesEachDocumentOnce()
    {
        var coll = NewCollection();
        await ConfigureAsync("onPrimaryTransactionalWrite", new BsonDocument("times", 1), new BsonDocument());

        await coll.InsertManyAsync([new BsonDocument("_id", 1), new BsonDocument("_id", 2), new BsonDocument("_id", 3)]);
        await ConfigureAsync("onPrimaryTransactionalWrite", "off", new BsonDocument());

        Assert.Equal(3, await coll.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty));
    }

    [Fact]
    public async Task OnPrimaryTransactionalWrite_FailBeforeCommit_RetryCommitsOnce()
    {
        var coll = NewCollection();
        await coll.InsertOneAsync(new BsonDocument { { "_id", 1 }, { "n", 0 } });
        await ConfigureAsync("onPrimaryTransactionalWrite", new BsonDocument("times", 1), new BsonDocument("failBeforeCommitExceptionCode", 1));

        var result = await coll.UpdateOneAsync(new BsonDocument("_id", 1), new BsonDocument("$inc", new BsonDocument("n", 1)));
        var doc = await coll.Find(new BsonDocument("_id", 1)).SingleAsync();

        Assert.Equal(1, result.ModifiedCount);
        Assert.Equal(1, doc["n"].AsInt32);
    }
}
