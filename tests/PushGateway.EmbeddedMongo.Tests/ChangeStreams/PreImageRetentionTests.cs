using Microsoft.Extensions.Time.Testing;
using MongoDB.Bson;
using MongoDB.Driver;
using MongoDB.Driver.Core.Clusters;

namespace PushGateway.EmbeddedMongo.Tests.ChangeStreams;

/// <summary>
/// The <c>changeStreamOptions.preAndPostImages.expireAfterSeconds</c> cluster parameter, as on mongod 6.0+: set and read
/// on <c>admin</c> with mongod's validation, and images older than it are gone from change streams.
/// </summary>
public sealed class PreImageRetentionTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private EmbeddedMongoServer _server = null!;
    private MongoClient _client = null!;

    private IMongoDatabase Admin => _client.GetDatabase("admin");

    public async Task InitializeAsync()
    {
        _server = await EmbeddedMongoServer.StartAsync(new EmbeddedMongoOptions { Port = 0, ChangeLogMaxAge = TimeSpan.FromDays(1) }, null, _time);
        _client = new MongoClient(_server.ConnectionString + "&serverMonitoringMode=Poll");
    }

    public async Task DisposeAsync()
    {
        ClusterRegistry.Instance.UnregisterAndDisposeCluster(_client.Cluster);
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task GetClusterParameter_NeverSet_ExpireAfterSecondsOff()
    {
        var reply = await Admin.RunCommandAsync<BsonDocument>(new BsonDocument("getClusterParameter", "changeStreamOptions"));

        var parameter = reply["clusterParameters"].AsBsonArray.Single().AsBsonDocument;
        Assert.Equal("changeStreamOptions", parameter["_id"].AsString);
        Assert.Equal(new BsonDocument("expireAfterSeconds", "off"), parameter["preAndPostImages"]);
    }

    [Fact]
    public async Task SetClusterParameter_SecondsThenOff_GetReturnsEach()
    {
        await Admin.RunCommandAsync<BsonDocument>(Set(new BsonInt64(10)));
        var set = await Admin.RunCommandAsync<BsonDocument>(new BsonDocument("getClusterParameter", new BsonArray { "changeStreamOptions" }));
        await Admin.RunCommandAsync<BsonDocument>(Set("off"));
        var off = await Admin.RunCommandAsync<BsonDocument>(new BsonDocument("getClusterParameter", "*"));

        Assert.Equal(new BsonDocument("expireAfterSeconds", new BsonInt64(10)), set["clusterParameters"][0]["preAndPostImages"]);
        Assert.Equal(new BsonDocument("expireAfterSeconds", "off"), off["clusterParameters"][0]["preAndPostImages"]);
    }

    [Theory]
    [InlineData("zero")]
    [InlineData("negative")]
    [InlineData("unknown-string")]
    [InlineData("no-images")]
    [InlineData("empty-images")]
    public async Task SetClusterParameter_InvalidValue_BadValueAndUnchanged(string kind)
    {
        await Admin.RunCommandAsync<BsonDocument>(Set(new BsonInt64(30)));
        var command = kind switch
        {
            "zero" => Set(0),
            "negative" => Set(-1),
            "unknown-string" => Set("unknown"),
            "no-images" => new BsonDocument("setClusterParameter", new BsonDocument("changeStreamOptions", new BsonDocument())),
            _ => new BsonDocument("setClusterParameter", new BsonDocument("changeStreamOptions", new BsonDocument("preAndPostImages", new BsonDocument()))),
        };

        var error = await Assert.ThrowsAsync<MongoCommandException>(() => Admin.RunCommandAsync<BsonDocument>(command));
        var reply = await Admin.RunCommandAsync<BsonDocument>(new BsonDocument("getClusterParameter", "changeStreamOptions"));

        Assert.Equal(2, error.Code);
        Assert.Equal(30, reply["clusterParameters"][0]["preAndPostImages"]["expireAfterSeconds"].ToInt64());
    }

    [Fact]
    public async Task SetClusterParameter_NotOnAdmin_Unauthorized()
    {
        var error = await Assert.ThrowsAsync<MongoCommandException>(() => _client.GetDatabase("shop").RunCommandAsync<BsonDocument>(Set(new BsonInt64(10))));

        Assert.Equal(13, error.Code);
    }

    [Fact]
    public async Task Watch_ImagesOlderThanExpireAfterSeconds_GoneFromWhenAvailableAndRequiredFails()
    {
        var db = _client.GetDatabase("retention");
        await db.CreateCollectionAsync("c", new CreateCollectionOptions { ChangeStreamPreAndPostImagesOptions = new ChangeStreamPreAndPostImagesOptions { Enabled = true } });
        var coll = db.GetCollection<BsonDocument>("c");
        await coll.InsertOneAsync(new BsonDocument { { "_id", 1 }, { "a", 1 } });
        var start = await TokenOfLastEventAsync(coll);
        await coll.UpdateOneAsync(new BsonDocument("_id", 1), new BsonDocument("$set", new BsonDocument("a", 2)));
        await Admin.RunCommandAsync<BsonDocument>(Set(new BsonInt64(60)));
        _time.Advance(TimeSpan.FromSeconds(120));
        await coll.UpdateOneAsync(new BsonDocument("_id", 1), new BsonDocument("$set", new BsonDocument("a", 3)));

        var events = await ReadAfterAsync(coll, start, ChangeStreamFullDocumentOption.WhenAvailable, ChangeStreamFullDocumentBeforeChangeOption.WhenAvailable, 2);
        var error = await Assert.ThrowsAsync<MongoCommandException>(() =>
            ReadAfterAsync(coll, start, ChangeStreamFullDocumentOption.Default, ChangeStreamFullDocumentBeforeChangeOption.Required, 1));

        Assert.True(events[0]["fullDocument"].IsBsonNull);
        Assert.True(events[0]["fullDocumentBeforeChange"].IsBsonNull);
        Assert.Equal(new BsonDocument { { "_id", 1 }, { "a", 3 } }, events[1]["fullDocument"]);
        Assert.Equal(new BsonDocument { { "_id", 1 }, { "a", 2 } }, events[1]["fullDocumentBeforeChange"]);
        Assert.Equal(47, error.Code);
    }

    private static BsonDocument Set(BsonValue expireAfterSeconds) =>
        new("setClusterParameter", new BsonDocument("changeStreamOptions", new BsonDocument("preAndPostImages", new BsonDocument("expireAfterSeconds", expireAfterSeconds))));

    private static async Task<BsonDocument> TokenOfLastEventAsync(IMongoCollection<BsonDocument> coll)
    {
        var options = new ChangeStreamOptions { StartAtOperationTime = new BsonTimestamp(1, 0), BatchSize = 1000 };
        using var cursor = await coll.WatchAsync(options);
        await cursor.MoveNextAsync();
        return cursor.Current.Last().ResumeToken;
    }

    /// <summary>The events after <paramref name="token"/>; they exist already, so the first batch holds them (no waiting on the fake clock).</summary>
    private static async Task<List<BsonDocument>> ReadAfterAsync(
        IMongoCollection<BsonDocument> coll,
        BsonDocument token,
        ChangeStreamFullDocumentOption fullDocument,
        ChangeStreamFullDocumentBeforeChangeOption beforeChange,
        int count)
    {
        var pipeline = new EmptyPipelineDefinition<ChangeStreamDocument<BsonDocument>>().AppendStage<ChangeStreamDocument<BsonDocument>, ChangeStreamDocument<BsonDocument>, BsonDocument>(
            new BsonDocument("$match", new BsonDocument()));
        var options = new ChangeStreamOptions { ResumeAfter = token, FullDocument = fullDocument, FullDocumentBeforeChange = beforeChange, BatchSize = 1000 };
        using var cursor = await coll.WatchAsync(pipeline, options);
        await cursor.MoveNextAsync();
        var events = cursor.Current.ToList();
        Assert.Equal(count, events.Count);
        return events;
    }
}
