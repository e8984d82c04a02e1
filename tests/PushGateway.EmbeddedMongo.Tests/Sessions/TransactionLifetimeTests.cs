using Microsoft.Extensions.Time.Testing;
using MongoDB.Bson;
using MongoDB.Driver;
using MongoDB.Driver.Core.Clusters;

namespace PushGateway.EmbeddedMongo.Tests.Sessions;

/// <summary>The transaction lifetime limit aborts abandoned transactions (embedded server with a fake clock).</summary>
public sealed class TransactionLifetimeTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private EmbeddedMongoServer _server = null!;
    private MongoClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await EmbeddedMongoServer.StartAsync(new EmbeddedMongoOptions { Port = 0, TransactionLifetimeLimit = TimeSpan.FromSeconds(60) }, null, _time);
        _client = new MongoClient(_server.ConnectionString + "&serverMonitoringMode=Poll");
    }

    public async Task DisposeAsync()
    {
        ClusterRegistry.Instance.UnregisterAndDisposeCluster(_client.Cluster);
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Commit_AfterLifetimeLimit_FailsNoSuchTransactionAndReleasesItsDocuments()
    {
        var coll = _client.GetDatabase("d").GetCollection<BsonDocument>("c");
        await coll.InsertOneAsync(new BsonDocument { { "_id", 1 }, { "n", 0 } });
        using var abandoned = await _client.StartSessionAsync();
        abandoned.StartTransaction();
        await coll.UpdateOneAsync(abandoned, new BsonDocument("_id", 1), new BsonDocument("$set", new BsonDocument("n", 1)));

        _time.Advance(TimeSpan.FromSeconds(61));
        var expired = await Assert.ThrowsAsync<MongoCommandException>(() => abandoned.CommitTransactionAsync());
        using var next = await _client.StartSessionAsync();
        next.StartTransaction();
        await coll.UpdateOneAsync(next, new BsonDocument("_id", 1), new BsonDocument("$set", new BsonDocument("n", 2)));
        await next.CommitTransactionAsync();

        Assert.Equal(251, expired.Code);
        Assert.True(expired.HasErrorLabel("TransientTransactionError"));
        Assert.Equal(2, (await coll.Find(FilterDefinition<BsonDocument>.Empty).SingleAsync())["n"].AsInt32);
    }

    [Fact]
    public async Task SetParameter_TransactionLifetimeLimitSeconds_AppliesToNewTransactions()
    {
        var admin = _client.GetDatabase("admin");
        var reply = await admin.RunCommandAsync<BsonDocument>(new BsonDocument { { "setParameter", 1 }, { "transactionLifetimeLimitSeconds", 5 } });
        var coll = _client.GetDatabase("d").GetCollection<BsonDocument>("c2");
        using var session = await _client.StartSessionAsync();
        session.StartTransaction();
        await coll.InsertOneAsync(session, new BsonDocument("_id", 1));

        _time.Advance(TimeSpan.FromSeconds(6));
        var expired = await Assert.ThrowsAsync<MongoCommandException>(() => session.CommitTransactionAsync());

        Assert.Equal(60, reply["was"].ToInt64());
        Assert.Equal(251, expired.Code);
    }
}
