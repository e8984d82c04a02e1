using Microsoft.Extensions.Time.Testing;
using MongoDB.Bson;
using MongoDB.Driver;
using MongoDB.Driver.Core.Clusters;

namespace PushGateway.EmbeddedMongo.Tests.ChangeStreams;

/// <summary>The bounded change log: resuming from a point it no longer retains fails 286, never silently skips.</summary>
public sealed class ChangeLogRetentionTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private EmbeddedMongoServer _server = null!;
    private MongoClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await EmbeddedMongoServer.StartAsync(
            new EmbeddedMongoOptions { Port = 0, ChangeLogMaxEvents = 5, ChangeLogMaxAge = TimeSpan.FromHours(1) }, null, _time);
        _client = new MongoClient(_server.ConnectionString + "&serverMonitoringMode=Poll");
    }

    public async Task DisposeAsync()
    {
        ClusterRegistry.Instance.UnregisterAndDisposeCluster(_client.Cluster);
        await _server.DisposeAsync();
    }

    private async Task<BsonDocument> FirstEventTokenAsync(IMongoCollection<BsonDocument> coll)
    {
        using var cursor = await coll.WatchAsync(new ChangeStreamOptions { MaxAwaitTime = TimeSpan.FromMilliseconds(50) });
        await coll.InsertOneAsync(new BsonDocument("_id", 0));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (await cursor.MoveNextAsync(timeout.Token))
        {
            if (cursor.Current.FirstOrDefault() is { } e)
            {
                return e.ResumeToken;
            }
        }

        throw new InvalidOperationException("stream ended");
    }

    [Fact]
    public async Task Watch_ResumeAfterTrimmedByCount_Fails286NonResumable()
    {
        var coll = _client.GetDatabase("d").GetCollection<BsonDocument>("count");
        var token = await FirstEventTokenAsync(coll);
        await coll.InsertManyAsync(Enumerable.Range(1, 10).Select(i => new BsonDocument("_id", i)));

        var error = await Assert.ThrowsAsync<MongoCommandException>(() => coll.WatchAsync(new ChangeStreamOptions { ResumeAfter = token }));

        Assert.Equal(286, error.Code);
        Assert.Contains("NonResumableChangeStreamError", error.ErrorLabels);
    }

    [Fact]
    public async Task Watch_ResumeAfterTrimmedByAge_Fails286()
    {
        var coll = _client.GetDatabase("d").GetCollection<BsonDocument>("age");
        var token = await FirstEventTokenAsync(coll);
        _time.Advance(TimeSpan.FromHours(2));
        await coll.InsertOneAsync(new BsonDocument("_id", 1));

        var error = await Assert.ThrowsAsync<MongoCommandException>(() => coll.WatchAsync(new ChangeStreamOptions { ResumeAfter = token }));

        Assert.Equal(286, error.Code);
    }

    [Fact]
    public async Task Watch_ResumeWithinRetainedLog_Succeeds()
    {
        var coll = _client.GetDatabase("d").GetCollection<BsonDocument>("kept");
        var token = await FirstEventTokenAsync(coll);
        await coll.InsertOneAsync(new BsonDocument("_id", 1));

        using var cursor = await coll.WatchAsync(new ChangeStreamOptions { ResumeAfter = token, MaxAwaitTime = TimeSpan.FromMilliseconds(50) });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        ChangeStreamDocument<BsonDocument>? next = null;
        while (next is null && await cursor.MoveNextAsync(timeout.Token))
        {
            next = cursor.Current.FirstOrDefault();
        }

        Assert.Equal(1, next!.DocumentKey["_id"].AsInt32);
    }
}
