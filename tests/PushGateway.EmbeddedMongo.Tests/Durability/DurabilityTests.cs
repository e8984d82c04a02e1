using MongoDB.Bson;
using MongoDB.Driver;
using MongoDB.Driver.Core.Clusters;

namespace PushGateway.EmbeddedMongo.Tests.Durability;

public sealed class DurabilityTests : IDisposable
{
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "embedded-mongo-tests", Guid.NewGuid().ToString("N"));
    private readonly List<MongoClient> _clients = [];

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            ClusterRegistry.Instance.UnregisterAndDisposeCluster(client.Cluster);
        }

        if (Directory.Exists(_dataPath))
        {
            Directory.Delete(_dataPath, recursive: true);
        }
    }

    private MongoClient Client(string connectionString)
    {
        var client = new MongoClient(connectionString.Contains("serverMonitoringMode", StringComparison.Ordinal) ? connectionString : connectionString + "&serverMonitoringMode=Poll");
        _clients.Add(client);
        return client;
    }

    [Fact]
    public async Task Restart_AfterCleanStop_KeepsDocumentsIndexesAndChangeLog()
    {
        BsonDocument token;
        await using (var server = await EmbeddedMongoServer.StartAsync(new EmbeddedMongoOptions { Port = 0, DataPath = _dataPath }))
        {
            var coll = Client(server.ConnectionString).GetDatabase("d").GetCollection<BsonDocument>("c");
            await coll.Indexes.CreateOneAsync(new CreateIndexModel<BsonDocument>(new BsonDocument("k", 1), new CreateIndexOptions { Unique = true }));
            using var cursor = await coll.WatchAsync(new ChangeStreamOptions { MaxAwaitTime = TimeSpan.FromMilliseconds(100) });
            await coll.InsertOneAsync(new BsonDocument { { "_id", 1 }, { "k", "a" } });
            await coll.InsertOneAsync(new BsonDocument { { "_id", 2 }, { "k", "b" } });
            await coll.UpdateOneAsync(new BsonDocument("_id", 2), new BsonDocument("$set", new BsonDocument("v", 1)));
            token = (await NextAsync(cursor)).ResumeToken;
        }

        await using var restarted = await EmbeddedMongoServer.StartAsync(new EmbeddedMongoOptions { Port = 0, DataPath = _dataPath });
        var again = Client(restarted.ConnectionString).GetDatabase("d").GetCollection<BsonDocument>("c");
        var docs = await again.Find(FilterDefinition<BsonDocument>.Empty).ToListAsync();
        var duplicate = await Assert.ThrowsAsync<MongoWriteException>(() => again.InsertOneAsync(new BsonDocument("k", "a")));
        using var resumed = await again.WatchAsync(new ChangeStreamOptions { ResumeAfter = token, MaxAwaitTime = TimeSpan.FromMilliseconds(100) });
        var second = await NextAsync(resumed);

        Assert.Equal([1, 2], docs.Select(d => d["_id"].AsInt32));
        Assert.Equal(1, docs[1]["v"].AsInt32);
        Assert.Equal(11000, duplicate.WriteError.Code);
        Assert.Equal(2, second.DocumentKey["_id"].AsInt32);
        Assert.Equal(ChangeStreamOperationType.Insert, second.OperationType);
    }

    [Fact]
    public async Task Restart_WithSecondaryIndex_FindsByIndexedFieldAsBefore()
    {
        List<BsonDocument> before;
        await using (var server = await EmbeddedMongoServer.StartAsync(new EmbeddedMongoOptions { Port = 0, DataPath = _dataPath }))
        {
            var coll = Client(server.ConnectionString).GetDatabase("d").GetCollection<BsonDocument>("c");
            await coll.Indexes.CreateOneAsync(new CreateIndexModel<BsonDocument>(new BsonDocument { { "s", 1 }, { "n", 1 } }));
            await coll.InsertManyAsync(Enumerable.Range(0, 20).Select(i => new BsonDocument { { "_id", i }, { "s", i % 2 == 0 ? "a" : "b" }, { "n", i } }));
            await coll.UpdateManyAsync(new BsonDocument("n", new BsonDocument("$lt", 6)), new BsonDocument("$set", new BsonDocument("s", "b")));
            await coll.DeleteOneAsync(new BsonDocument("_id", 9));
            before = await coll.Find(new BsonDocument { { "s", "b" }, { "n", new BsonDocument("$gte", 3) } }).ToListAsync();
        }

        await using var restarted = await EmbeddedMongoServer.StartAsync(new EmbeddedMongoOptions { Port = 0, DataPath = _dataPath });
        var again = Client(restarted.ConnectionString).GetDatabase("d").GetCollection<BsonDocument>("c");
        var after = await again.Find(new BsonDocument { { "s", "b" }, { "n", new BsonDocument("$gte", 3) } }).ToListAsync();

        Assert.Equal([3, 4, 5, 7, 11, 13, 15, 17, 19], before.Select(d => d["_id"].AsInt32));
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task Restart_AfterKill9OfStandaloneProcess_KeepsAcknowledgedWrites()
    {
        BsonDocument token;
        await using (var process = await StandaloneProcess.StartAsync(_dataPath))
        {
            var coll = Client(process.ConnectionString).GetDatabase("d").GetCollection<BsonDocument>("c");
            using var cursor = await coll.WatchAsync(new ChangeStreamOptions { MaxAwaitTime = TimeSpan.FromMilliseconds(100) });
            await coll.Indexes.CreateOneAsync(new CreateIndexModel<BsonDocument>(new BsonDocument("k", 1), new CreateIndexOptions { Unique = true }));
            await coll.InsertManyAsync(Enumerable.Range(1, 50).Select(i => new BsonDocument { { "_id", i }, { "k", i } }));
            await coll.DeleteOneAsync(new BsonDocument("_id", 50));
            token = (await NextAsync(cursor)).ResumeToken;

            await process.KillAsync();
        }

        await using var restarted = await StandaloneProcess.StartAsync(_dataPath);
        var again = Client(restarted.ConnectionString).GetDatabase("d").GetCollection<BsonDocument>("c");
        var count = await again.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty);
        var duplicate = await Assert.ThrowsAsync<MongoWriteException>(() => again.InsertOneAsync(new BsonDocument("k", 1)));
        using var resumed = await again.WatchAsync(new ChangeStreamOptions { ResumeAfter = token, MaxAwaitTime = TimeSpan.FromMilliseconds(100) });
        var next = await NextAsync(resumed);

        Assert.Equal(49, count);
        Assert.Equal(11000, duplicate.WriteError.Code);
        Assert.Equal(2, next.DocumentKey["_id"].AsInt32);
    }

    [Fact]
    public async Task Restart_AfterJournalCompactions_KeepsEveryWrite()
    {
        var options = new EmbeddedMongoOptions { Port = 0, DataPath = _dataPath, JournalCompactionBytes = 4096 };
        await using (var server = await EmbeddedMongoServer.StartAsync(options))
        {
            var coll = Client(server.ConnectionString).GetDatabase("d").GetCollection<BsonDocument>("c");
            for (var i = 0; i < 100; i++)
            {
                await coll.InsertOneAsync(new BsonDocument { { "_id", i }, { "pad", new string('x', 100) } });
            }

            await coll.DeleteOneAsync(new BsonDocument("_id", 0));
            Assert.True(new FileInfo(Path.Combine(_dataPath, "journal.bson")).Length < 8192);
        }

        await using var restarted = await EmbeddedMongoServer.StartAsync(options);
        var again = Client(restarted.ConnectionString).GetDatabase("d").GetCollection<BsonDocument>("c");

        Assert.Equal(99, await again.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty));
    }

    private static async Task<ChangeStreamDocument<BsonDocument>> NextAsync(IChangeStreamCursor<ChangeStreamDocument<BsonDocument>> cursor)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (await cursor.MoveNextAsync(timeout.Token))
        {
            if (cursor.Current.FirstOrDefault() is { } first)
            {
                return first;
            }
        }

        throw new InvalidOperationException("stream ended");
    }
}
