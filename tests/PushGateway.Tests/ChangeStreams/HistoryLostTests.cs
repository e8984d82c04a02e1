using System.Net;
using Microsoft.AspNetCore.SignalR.Client;
using MongoDB.Bson;
using MongoDB.Driver;
using MongoDB.Driver.Core.Clusters;
using PushGateway.EmbeddedMongo;
using PushGateway.Testing;
using PushGateway.Tests.Realtime;

namespace PushGateway.Tests.ChangeStreams;

/// <summary>The documented history-lost policy: restart from now, readiness Degraded, clients told <c>recovered: false</c>.</summary>
[Collection(GatewayCollection.Name)]
public sealed class HistoryLostTests(MongoTarget mongo)
{
    [SkippableFact]
    public async Task Restart_CheckpointFellOutOfHistory_RestartsFromNowDegradedAndNotRecovered()
    {
        Skip.If(mongo.IsExternal, "Needs an embedded server with a tiny change log to lose history on purpose.");
        await using var server = await EmbeddedMongoServer.StartAsync(new EmbeddedMongoOptions { Port = 0, ChangeLogMaxEvents = 5 });
        var client = new MongoClient(server.ConnectionString);
        try
        {
            var ns = $"{MongoTarget.NewDatabaseName("hl")}.orders";
            var collection = client.GetDatabase(ns.Split('.')[0]).GetCollection<BsonDocument>("orders");
            var settings = new Dictionary<string, string?> { ["Mongo:ConnectionString"] = server.ConnectionString, ["Mongo:Database"] = MongoTarget.NewDatabaseName("gw") };
            string lastSeen;
            await using (var first = await RunningGateway.StartAsync(mongo, [ns], settings))
            {
                var connection = await first.ConnectAsync("t1");
                var recorder = new ChangeRecorder(connection);
                await connection.InvokeAsync<SubscribeResult>("Subscribe", new { collection = ns });
                await collection.InsertOneAsync(new BsonDocument { { "tenantId", "t1" }, { "name", "before" } });
                await recorder.WaitForNameAsync("before");
                lastSeen = recorder.Changes[^1].GetProperty("eventId").GetString()!;
            }

            await collection.InsertManyAsync(Enumerable.Range(0, 20).Select(i => new BsonDocument { { "tenantId", "t1" }, { "name", $"lost-{i}" } }));
            await using var second = await RunningGateway.StartAsync(mongo, [ns], settings);
            var resumed = await second.ConnectAsync("t1");
            var live = new ChangeRecorder(resumed);
            var result = await resumed.InvokeAsync<SubscribeResult>("Subscribe", new { collection = ns, resumeFrom = lastSeen });
            await collection.InsertOneAsync(new BsonDocument { { "tenantId", "t1" }, { "name", "after" } });
            await live.WaitForNameAsync("after");
            using var http = new HttpClient { BaseAddress = second.BaseAddress };
            var ready = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
            var body = await ready.Content.ReadAsStringAsync();

            Assert.False(result.Recovered);
            Assert.Equal(["after"], live.Names);
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.Contains("\"status\":\"Degraded\"", body, StringComparison.Ordinal);
            Assert.Contains("history was lost", body, StringComparison.Ordinal);
        }
        finally
        {
            ClusterRegistry.Instance.UnregisterAndDisposeCluster(client.Cluster);
        }
    }
}
