using MongoDB.Bson;
using MongoDB.Driver;
using MongoDB.Driver.Core.Clusters;

namespace PushGateway.EmbeddedMongo.Tests.Durability;

/// <summary>A committed transaction survives <c>kill -9</c> whole; an open or torn one leaves nothing behind.</summary>
public sealed class TransactionDurabilityTests : IDisposable
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

    private IMongoCollection<BsonDocument> Collection(string connectionString)
    {
        var client = new MongoClient(connectionString);
        _clients.Add(client);
        return client.GetDatabase("d").GetCollection<BsonDocument>("c");
    }

    [Fact]
    public async Task Restart_AfterKill9_KeepsCommittedTransactionWholeAndNothingOfOpenOne()
    {
        await using (var process = await StandaloneProcess.StartAsync(_dataPath))
        {
            var coll = Collection(process.ConnectionString);
            await coll.InsertOneAsync(new BsonDocument { { "_id", 0 }, { "state", "new" } });
            using var committed = await coll.Database.Client.StartSessionAsync();
            await committed.WithTransactionAsync(async (s, ct) =>
            {
                await coll.InsertManyAsync(s, Enumerable.Range(1, 20).Select(i => new BsonDocument("_id", i)), cancellationToken: ct);
                await coll.UpdateOneAsync(s, new BsonDocument("_id", 0), new BsonDocument("$set", new BsonDocument("state", "done")), cancellationToken: ct);
                return true;
            });
            using var open = await coll.Database.Client.StartSessionAsync();
            open.StartTransaction();
            await coll.InsertManyAsync(open, Enumerable.Range(100, 5).Select(i => new BsonDocument("_id", i)));
            await coll.DeleteOneAsync(open, new BsonDocument("_id", 0));

            await process.KillAsync();
        }

        await using var restarted = await StandaloneProcess.StartAsync(_dataPath);
        var docs = await Collection(restarted.ConnectionString).Find(FilterDefinition<BsonDocument>.Empty).ToListAsync();

        Assert.Equal(Enumerable.Range(0, 21), docs.Select(d => d["_id"].AsInt32));
        Assert.Equal("done", docs[0]["state"].AsString);
    }

    [Fact]
    public async Task Restart_WithTornTransactionRecord_AppliesNoneOfTheTransaction()
    {
        await using (var process = await StandaloneProcess.StartAsync(_dataPath))
        {
            var coll = Collection(process.ConnectionString);
            await coll.InsertOneAsync(new BsonDocument("_id", 0));
            using var session = await coll.Database.Client.StartSessionAsync();
            await session.WithTransactionAsync(async (s, ct) =>
            {
                await coll.InsertManyAsync(s, Enumerable.Range(1, 10).Select(i => new BsonDocument { { "_id", i }, { "pad", new string('x', 200) } }), cancellationToken: ct);
                return true;
            });

            await process.KillAsync();
        }

        // A crash in the middle of writing the commit's record: its tail never reached the disk.
        var journal = Path.Combine(_dataPath, "journal.bson");
        await using (var file = new FileStream(journal, FileMode.Open, FileAccess.Write))
        {
            file.SetLength(file.Length - 300);
        }

        await using var restarted = await StandaloneProcess.StartAsync(_dataPath);
        var docs = await Collection(restarted.ConnectionString).Find(FilterDefinition<BsonDocument>.Empty).ToListAsync();

        Assert.Equal([0], docs.Select(d => d["_id"].AsInt32));
    }
}
