using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using MongoDB.Bson;
using MongoDB.Driver;
using PushGateway.Testing;
using PushGateway.Tests.Realtime;
using PushGateway.Tests.Webhooks;

namespace PushGateway.Tests.ChangeStreams;

/// <summary>
/// The change events of a committed multi-document transaction reach hub subscribers and webhooks like any other
/// events: all of them, in commit order, and none before the commit.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class TransactionEventsTests(MongoTarget mongo)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly string _ns = $"{MongoTarget.NewDatabaseName("txn")}.orders";

    [Fact]
    public async Task Commit_TransactionOfThreeWrites_HubSubscriberGetsThemInOrderOnlyAfterCommit()
    {
        await using var gateway = await RunningGateway.StartAsync(mongo, [_ns]);
        var connection = await gateway.ConnectAsync("t1");
        var recorder = new ChangeRecorder(connection);
        await connection.InvokeAsync<SubscribeResult>("Subscribe", new { collection = _ns });
        var orders = gateway.Collection(mongo, _ns);
        using var session = await orders.Database.Client.StartSessionAsync();
        session.StartTransaction();
        await orders.InsertOneAsync(session, new BsonDocument { { "_id", 1 }, { "tenantId", "t1" }, { "name", "a" } });
        await orders.InsertOneAsync(session, new BsonDocument { { "_id", 2 }, { "tenantId", "t1" }, { "name", "b" } });
        await orders.UpdateOneAsync(session, new BsonDocument("_id", 1), new BsonDocument("$set", new BsonDocument("name", "a2")));

        // Events arrive in commit order: whatever the transaction had made visible would come before this marker.
        await orders.InsertOneAsync(new BsonDocument { { "_id", 0 }, { "tenantId", "t1" }, { "name", "marker" } });
        await recorder.WaitForNameAsync("marker");
        var beforeCommit = recorder.Changes.Count;
        await session.CommitTransactionAsync();
        await recorder.WaitForChangesAsync(4);

        var changes = recorder.Changes;
        Assert.Equal(1, beforeCommit);
        Assert.Equal(["insert", "insert", "update"], changes.Skip(1).Select(c => c.GetProperty("operationType").GetString()));
        Assert.Equal([1, 2, 1], changes.Skip(1).Select(c => c.GetProperty("documentKey").GetProperty("_id").GetInt32()));
        Assert.All(changes.Skip(1), c => Assert.Equal("t1", c.GetProperty("tenantId").GetString()));
    }

    [Fact]
    public async Task Commit_Transaction_WebhookDeliversEveryEventSigned()
    {
        await using var receiver = await RunningReceiver.StartAsync();
        await using var gateway = await RunningGateway.StartAsync(mongo, [_ns], new Dictionary<string, string?>
        {
            ["Webhooks:AllowedHosts:0"] = "127.0.0.1",
            ["Webhooks:PollInterval"] = "00:00:00.050",
        });
        using var http = new HttpClient { BaseAddress = gateway.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", gateway.Tokens.Create("t1"));
        var (_, secret) = await http.SubscribeAsync(new { url = receiver.WebhookUrl, collections = new[] { _ns } });
        receiver.Trust(secret);
        var orders = gateway.Collection(mongo, _ns);
        using var session = await orders.Database.Client.StartSessionAsync();

        await session.WithTransactionAsync(async (s, ct) =>
        {
            await orders.InsertOneAsync(s, new BsonDocument { { "_id", 1 }, { "tenantId", "t1" }, { "status", "new" } }, cancellationToken: ct);
            await orders.InsertOneAsync(s, new BsonDocument { { "_id", 2 }, { "tenantId", "t1" }, { "status", "new" } }, cancellationToken: ct);
            await orders.DeleteOneAsync(s, new BsonDocument("_id", 1), cancellationToken: ct);
            return true;
        });

        Assert.True(await receiver.Inbox.WaitUntilAsync(i => i.UniqueCount >= 3, Wait));
        // Deliveries run concurrently; event ids (resume tokens) order them as committed.
        var events = receiver.Inbox.Unique.Select(w => JsonDocument.Parse(w.Body).RootElement)
            .OrderBy(b => b.GetProperty("data").GetProperty("_id").GetString(), StringComparer.Ordinal)
            .ToList();
        Assert.Equal(0, receiver.Inbox.RejectedCount);
        // type is <db>.<collection>.<operationType>.
        Assert.Equal([$"{_ns}.insert", $"{_ns}.insert", $"{_ns}.delete"], events.Select(b => b.GetProperty("type").GetString()));
        Assert.Equal([1, 2, 1], events.Select(b => b.GetProperty("data").GetProperty("documentKey").GetProperty("_id").GetInt32()));
    }
}
