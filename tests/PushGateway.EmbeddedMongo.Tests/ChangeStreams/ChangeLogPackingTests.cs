using MongoDB.Bson;
using MongoDB.Driver;
using MongoDB.Driver.Core.Clusters;
using ChangeLog = PushGateway.EmbeddedMongo.ChangeStreams.ChangeLog;
using ChangeStreamOptions = MongoDB.Driver.ChangeStreamOptions;

namespace PushGateway.EmbeddedMongo.Tests.ChangeStreams;

/// <summary>
/// Older retained events are kept packed as BSON bytes once streams have read past them: a stream that reads them
/// later (resumed from far back) gets exactly the events it would have got while they were new.
/// </summary>
public sealed class ChangeLogPackingTests : IAsyncLifetime
{
    private EmbeddedMongoServer _server = null!;
    private MongoClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await EmbeddedMongoServer.StartAsync(new EmbeddedMongoOptions { Port = 0 });
        _client = new MongoClient(_server.ConnectionString + "&serverMonitoringMode=Poll");
    }

    public async Task DisposeAsync()
    {
        ClusterRegistry.Instance.UnregisterAndDisposeCluster(_client.Cluster);
        await _server.DisposeAsync();
    }

    private static PipelineDefinition<ChangeStreamDocument<BsonDocument>, BsonDocument> RawPipeline() =>
        new EmptyPipelineDefinition<ChangeStreamDocument<BsonDocument>>().AppendStage<ChangeStreamDocument<BsonDocument>, ChangeStreamDocument<BsonDocument>, BsonDocument>(
            new BsonDocument("$match", new BsonDocument()));

    [Fact]
    public async Task Watch_StartingBeforeEventsPackedSince_StreamsTheSameEventsAsWhenNew()
    {
        var db = _client.GetDatabase("packing");
        using var live = new ChangeStreamReader<BsonDocument>(await db.WatchAsync(RawPipeline(), Options(null)));
        await WriteChangesAsync(db);
        var whenNew = new List<BsonDocument>();
        for (var i = 0; i < 8; i++)
        {
            whenNew.Add(await live.NextAsync());
        }

        // Enough later events that the ones above leave the unpacked window.
        await db.GetCollection<BsonDocument>("filler").InsertManyAsync(Enumerable.Range(0, ChangeLog.LiveEvents + 100).Select(i => new BsonDocument("_id", i)));
        using var later = new ChangeStreamReader<BsonDocument>(await db.WatchAsync(RawPipeline(), Options(whenNew[0]["clusterTime"].AsBsonTimestamp)));
        var whenPacked = new List<BsonDocument>();
        for (var i = 0; i < 8; i++)
        {
            whenPacked.Add(await later.NextAsync());
        }

        Assert.Equal(["create", "insert", "update", "replace", "createIndexes", "insert", "insert", "delete"], whenNew.Select(e => e["operationType"].AsString));
        Assert.Equal(whenNew, whenPacked);
        Assert.Equal(whenNew.Select(e => e.ToBson()), whenPacked.Select(e => e.ToBson()));
    }

    [Fact]
    public async Task Watch_EventsPackedBeforeAStreamOfTheirCollectionReadThem_StreamsEveryPart()
    {
        var db = _client.GetDatabase("unread");
        var filler = db.GetCollection<BsonDocument>("filler");
        using var other = new ChangeStreamReader<BsonDocument>(await filler.WatchAsync(RawPipeline(), Options(null)));
        var start = await WriteChangesAsync(db);
        await filler.InsertManyAsync(Enumerable.Range(0, ChangeLog.LiveEvents + 100).Select(i => new BsonDocument("_id", i)));

        // A stream on another collection scans past the events (events are packed once read past), then more writes pack them.
        while ((await other.NextAsync()) is var e && !(e["operationType"] == "insert" && e["documentKey"]["_id"] == ChangeLog.LiveEvents + 99))
        {
        }

        await filler.InsertManyAsync(Enumerable.Range(-10, 10).Select(i => new BsonDocument("_id", i)));

        using var stream = new ChangeStreamReader<BsonDocument>(await db.WatchAsync(RawPipeline(), Options(start)));
        var events = new List<BsonDocument>();
        for (var i = 0; i < 7; i++)
        {
            events.Add(await stream.NextAsync());
        }

        Assert.Equal(["insert", "update", "replace", "createIndexes", "insert", "insert", "delete"], events.Select(e => e["operationType"].AsString));
        Assert.Equal(new BsonDocument { { "_id", 1 }, { "a", 1 }, { "s", "text" }, { "when", When } }, events[0]["fullDocument"]);
        Assert.Equal(new BsonDocument("_id", 1), events[1]["documentKey"]);
        Assert.Equal(new BsonDocument("a", 2.5), events[1]["updateDescription"]["updatedFields"]);
        Assert.Equal(new BsonArray { "s" }, events[1]["updateDescription"]["removedFields"]);
        Assert.Equal(new BsonDocument { { "_id", 1 }, { "a", 1 }, { "s", "text" }, { "when", When } }, events[1]["fullDocumentBeforeChange"]);
        Assert.Equal(new BsonDocument { { "_id", 1 }, { "a", 2.5 }, { "when", When } }, events[1]["fullDocument"]);
        Assert.Equal(new BsonDocument { { "_id", 1 }, { "b", "replaced" } }, events[2]["fullDocument"]);
        Assert.True(events[4]["lsid"].IsBsonDocument);
        Assert.Equal(events[4]["lsid"], events[5]["lsid"]);
        Assert.Equal(events[4]["txnNumber"], events[5]["txnNumber"]);
        Assert.Equal(new BsonDocument { { "_id", 3 }, { "t", Decimal128.Parse("1.5") } }, events[5]["fullDocument"]);
        Assert.Equal(new BsonDocument { { "_id", 1 }, { "b", "replaced" } }, events[6]["fullDocumentBeforeChange"]);
        Assert.False(events[6].Contains("lsid"));
    }

    private static readonly DateTime When = new(2026, 1, 2, 3, 4, 5, 678, DateTimeKind.Utc);

    private static ChangeStreamOptions Options(BsonTimestamp? start) => new()
    {
        FullDocument = ChangeStreamFullDocumentOption.WhenAvailable,
        FullDocumentBeforeChange = ChangeStreamFullDocumentBeforeChangeOption.WhenAvailable,
        ShowExpandedEvents = true,
        MaxAwaitTime = TimeSpan.FromMilliseconds(50),
        StartAtOperationTime = start,
    };

    // Events of every kind (and a create before them) a stream shows differently; returns the cluster time of the first.
    private async Task<BsonTimestamp> WriteChangesAsync(IMongoDatabase db)
    {
        await db.CreateCollectionAsync("c", new CreateCollectionOptions { ChangeStreamPreAndPostImagesOptions = new ChangeStreamPreAndPostImagesOptions { Enabled = true } });
        var coll = db.GetCollection<BsonDocument>("c");
        using var first = await _client.StartSessionAsync();
        await coll.InsertOneAsync(first, new BsonDocument { { "_id", 1 }, { "a", 1 }, { "s", "text" }, { "when", When } });
        await coll.UpdateOneAsync(new BsonDocument("_id", 1), new BsonDocument { { "$set", new BsonDocument("a", 2.5) }, { "$unset", new BsonDocument("s", "") } });
        await coll.ReplaceOneAsync(new BsonDocument("_id", 1), new BsonDocument { { "_id", 1 }, { "b", "replaced" } });
        await coll.Indexes.CreateOneAsync(new CreateIndexModel<BsonDocument>(Builders<BsonDocument>.IndexKeys.Ascending("b")));
        using (var session = await _client.StartSessionAsync())
        {
            session.StartTransaction();
            await coll.InsertOneAsync(session, new BsonDocument { { "_id", 2 }, { "t", 1L } });
            await coll.InsertOneAsync(session, new BsonDocument { { "_id", 3 }, { "t", Decimal128.Parse("1.5") } });
            await session.CommitTransactionAsync();
        }

        await coll.DeleteOneAsync(new BsonDocument("_id", 1));
        return first.OperationTime;
    }
}
