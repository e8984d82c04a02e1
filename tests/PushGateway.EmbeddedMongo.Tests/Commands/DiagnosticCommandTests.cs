using MongoDB.Bson;
using MongoDB.Driver;
using PushGateway.Testing;

namespace PushGateway.EmbeddedMongo.Tests.Commands;

/// <summary>What shells and tools call: <c>$collStats</c>, <c>$currentOp</c>/<c>currentOp</c>, <c>validate</c>, <c>listDatabases</c>.</summary>
[Collection(EmbeddedMongoCollection.Name)]
public sealed class DiagnosticCommandTests(MongoTarget target)
{
    private readonly IMongoClient _client = target.CreateClient();

    private async Task<IMongoCollection<BsonDocument>> SeededAsync()
    {
        var coll = _client.GetDatabase(MongoTarget.NewDatabaseName()).GetCollection<BsonDocument>("c");
        await coll.InsertManyAsync(Enumerable.Range(0, 10).Select(i => new BsonDocument { { "_id", i }, { "k", i } }));
        await coll.Indexes.CreateOneAsync(new CreateIndexModel<BsonDocument>(new BsonDocument("k", 1)));
        return coll;
    }

    private Task<List<BsonDocument>> CurrentOpAsync(BsonDocument options) =>
        _client.GetDatabase("admin").Aggregate<BsonDocument>(new BsonDocument[] { new("$currentOp", options) }).ToListAsync();

    [Fact]
    public async Task CollStats_CountStorageAndLatency_DescribeTheCollection()
    {
        var coll = await SeededAsync();
        await coll.Find(new BsonDocument("k", 1)).ToListAsync();

        var stats = await coll.Aggregate<BsonDocument>(new BsonDocument[]
        {
            new("$collStats", new BsonDocument { { "count", new BsonDocument() }, { "storageStats", new BsonDocument() }, { "latencyStats", new BsonDocument() } }),
        }).SingleAsync();

        Assert.Equal(10, stats["count"].ToInt64());
        Assert.Equal(10, stats["storageStats"]["count"].ToInt64());
        Assert.Equal(2, stats["storageStats"]["nindexes"].ToInt32());
        Assert.True(stats["storageStats"]["size"].ToInt64() > 0);
        Assert.True(stats["storageStats"]["indexSizes"].AsBsonDocument.Contains("k_1"));
        Assert.True(stats["latencyStats"]["reads"]["ops"].ToInt64() >= 1);
        Assert.True(stats["latencyStats"]["writes"]["ops"].ToInt64() >= 1);
    }

    [Fact]
    public async Task CollStatsCommand_Deprecated_StillAnswersSizesAndCount()
    {
        var coll = await SeededAsync();

        var stats = await coll.Database.RunCommandAsync<BsonDocument>(new BsonDocument("collStats", "c"));

        Assert.Equal(coll.CollectionNamespace.FullName, stats["ns"].AsString);
        Assert.Equal(10, stats["count"].ToInt64());
        Assert.Equal(2, stats["nindexes"].ToInt32());
    }

    [Fact]
    public async Task CollStats_StorageStatsOfMissingCollection_Fails26()
    {
        var coll = _client.GetDatabase(MongoTarget.NewDatabaseName()).GetCollection<BsonDocument>("missing");

        var error = await Assert.ThrowsAsync<MongoCommandException>(() =>
            coll.Aggregate<BsonDocument>(new BsonDocument[] { new("$collStats", new BsonDocument("storageStats", new BsonDocument())) }).ToListAsync());

        Assert.Equal(26, error.Code);
    }

    [Fact]
    public async Task CurrentOp_IdleCursors_ListsOpenChangeStreamWithItsNamespace()
    {
        var coll = await SeededAsync();
        using var stream = await coll.WatchAsync(new ChangeStreamOptions { MaxAwaitTime = TimeSpan.FromMilliseconds(100) });
        var ns = coll.CollectionNamespace.FullName;

        var ops = await CurrentOpAsync(new BsonDocument { { "idleCursors", true }, { "allUsers", true } });

        var cursor = Assert.Single(ops, o => o["type"] == "idleCursor" && o["ns"] == ns);
        Assert.True(cursor["cursor"]["tailable"].ToBoolean());
        Assert.Contains(ops, o => o["type"] == "op" && o["command"].AsBsonDocument.Contains("aggregate") && o["command"]["pipeline"][0].AsBsonDocument.Contains("$currentOp"));
    }

    [Fact]
    public async Task CurrentOp_OpenTransaction_ListedAsIdleSessionWithTxnNumber()
    {
        var coll = await SeededAsync();
        using var session = await _client.StartSessionAsync();
        session.StartTransaction();
        await coll.InsertOneAsync(session, new BsonDocument("_id", 100));

        var ops = await CurrentOpAsync(new BsonDocument("idleSessions", true));
        await session.AbortTransactionAsync();

        var idle = Assert.Single(ops, o => o["type"] == "idleSession" && o["lsid"]["id"] == session.ServerSession.Id["id"]);
        Assert.Equal(BsonType.Int64, idle["transaction"]["parameters"]["txnNumber"].BsonType);
    }

    [Fact]
    public async Task CurrentOpCommand_OnAdmin_ReturnsInprogArray()
    {
        var reply = await _client.GetDatabase("admin").RunCommandAsync<BsonDocument>(new BsonDocument("currentOp", 1));

        Assert.Contains(reply["inprog"].AsBsonArray, o => o["command"].AsBsonDocument.Contains("currentOp"));
    }

    [Fact]
    public async Task CurrentOp_OnOtherDatabase_Fails73()
    {
        var coll = await SeededAsync();

        var error = await Assert.ThrowsAsync<MongoCommandException>(() =>
            coll.Database.Aggregate<BsonDocument>(new BsonDocument[] { new("$currentOp", new BsonDocument()) }).ToListAsync());

        Assert.Equal(73, error.Code);
    }

    [Fact]
    public async Task Validate_HealthyCollection_ValidWithKeysPerIndex()
    {
        var coll = await SeededAsync();

        var reply = await coll.Database.RunCommandAsync<BsonDocument>(new BsonDocument("validate", "c"));

        Assert.True(reply["valid"].ToBoolean());
        Assert.Equal(10, reply["nrecords"].ToInt32());
        Assert.Equal(10, reply["keysPerIndex"]["k_1"].ToInt32());
        Assert.Equal(10, reply["keysPerIndex"]["_id_"].ToInt32());
        Assert.Empty(reply["errors"].AsBsonArray);
    }

    [Fact]
    public async Task Validate_MissingCollection_Fails26NamespaceNotFound()
    {
        var db = _client.GetDatabase(MongoTarget.NewDatabaseName());

        var error = await Assert.ThrowsAsync<MongoCommandException>(() => db.RunCommandAsync<BsonDocument>(new BsonDocument("validate", "nope")));

        Assert.Equal(26, error.Code);
    }

    [Fact]
    public async Task ListDatabases_Always_IncludesAdminConfigAndLocal()
    {
        var names = await (await _client.ListDatabaseNamesAsync()).ToListAsync();

        Assert.Contains("admin", names);
        Assert.Contains("config", names);
        Assert.Contains("local", names);
    }
}
