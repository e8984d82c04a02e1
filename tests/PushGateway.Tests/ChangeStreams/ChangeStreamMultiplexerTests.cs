using System.Net;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using MongoDB.Bson;
using MongoDB.Driver;
using PushGateway.ChangeStreams;
using PushGateway.Testing;
using PushGateway.Tests.Realtime;

namespace PushGateway.Tests.ChangeStreams;

/// <summary>The multiplexer end to end: one cursor per collection, checkpoints and resume, dropped connections.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ChangeStreamMultiplexerTests(MongoTarget mongo)
{
    private readonly string _ns = $"{MongoTarget.NewDatabaseName("cs")}.orders";

    [Fact]
    public async Task Watch_200ClientsSubscribed_StillOneCursorPerCollection()
    {
        var second = $"{_ns}_audit";
        await using var gateway = await RunningGateway.StartAsync(mongo, [_ns, second]);
        var admin = mongo.CreateClient().GetDatabase("admin");
        var before = await OpenCursorsAsync(admin);
        var recorders = new List<ChangeRecorder>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 200), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            var connection = await gateway.ConnectAsync($"tenant-{i % 7}");
            var recorder = new ChangeRecorder(connection);
            await connection.InvokeAsync<SubscribeResult>("Subscribe", new { collection = _ns, filter = i % 2 == 0 ? null : "operationType = 'insert'" });
            lock (recorders)
            {
                recorders.Add(recorder);
            }
        });

        var collection = gateway.Collection(mongo, _ns);
        await collection.InsertManyAsync(Enumerable.Range(0, 7).Select(t => new BsonDocument { { "tenantId", $"tenant-{t}" }, { "name", "hello" } }));
        await Task.WhenAll(recorders.Select(r => r.WaitForChangesAsync(1)));

        Assert.Equal(2, gateway.Services.GetRequiredService<ChangeStreamStatus>().OpenCursors);
        Assert.Equal(before, await OpenCursorsAsync(admin));
        Assert.All(recorders, r => Assert.Single(r.Changes));
    }

    [Fact]
    public async Task Change_DurableSinkStuck_HubSubscribersStillGetLaterBatches()
    {
        var sink = new BlockingSink();
        await using var gateway = await RunningGateway.StartAsync(mongo, [_ns], services: s => s.AddSingleton<IChangeEventSink>(sink));
        var connection = await gateway.ConnectAsync("t1");
        var recorder = new ChangeRecorder(connection);
        await connection.InvokeAsync<SubscribeResult>("Subscribe", new { collection = _ns });
        var collection = gateway.Collection(mongo, _ns);

        // Two batches while the durable sink holds the first: the hub gets both (the reader runs ahead of the outbox).
        await collection.InsertOneAsync(new BsonDocument { { "tenantId", "t1" }, { "name", "live-1" } });
        await recorder.WaitForNameAsync("live-1");
        await collection.InsertOneAsync(new BsonDocument { { "tenantId", "t1" }, { "name", "live-2" } });
        await recorder.WaitForNameAsync("live-2");
        Assert.Equal(0, sink.Handled);

        sink.Release();
        await collection.InsertOneAsync(new BsonDocument { { "tenantId", "t1" }, { "name", "after" } });
        await recorder.WaitForNameAsync("after");
        Assert.Equal(["live-1", "live-2", "after"], recorder.Names);
    }

    [Fact]
    public async Task Restart_EventsWrittenWhileStopped_DeliveredAndReplayedAfterRestart()
    {
        var database = MongoTarget.NewDatabaseName("gw");
        var settings = new Dictionary<string, string?> { ["Mongo:Database"] = database };
        var collection = mongo.CreateClient().GetDatabase(_ns.Split('.')[0]).GetCollection<BsonDocument>("orders");
        string lastSeen;
        await using (var first = await RunningGateway.StartAsync(mongo, [_ns], settings))
        {
            var connection = await first.ConnectAsync("t1");
            var recorder = new ChangeRecorder(connection);
            await connection.InvokeAsync<SubscribeResult>("Subscribe", new { collection = _ns });
            await collection.InsertOneAsync(new BsonDocument { { "tenantId", "t1" }, { "name", "before" } });
            await recorder.WaitForNameAsync("before");
            lastSeen = recorder.Changes[^1].GetProperty("eventId").GetString()!;
        }

        await collection.InsertOneAsync(new BsonDocument { { "tenantId", "t1" }, { "name", "while-down-1" } });
        await collection.InsertOneAsync(new BsonDocument { { "tenantId", "t1" }, { "name", "while-down-2" } });
        var sink = new RecordingSink();
        await using var second = await RunningGateway.StartAsync(mongo, [_ns], settings, s => s.AddSingleton<IChangeEventSink>(sink));
        await sink.WaitForAsync(RecordingSink.Named("while-down-2"));
        var resumed = await second.ConnectAsync("t1");
        var replay = new ChangeRecorder(resumed);
        var result = await resumed.InvokeAsync<SubscribeResult>("Subscribe", new { collection = _ns, resumeFrom = lastSeen });
        await replay.WaitForNameAsync("while-down-2");

        Assert.Contains(sink.Events, e => RecordingSink.Named("while-down-1")(e));
        Assert.True(result.Recovered);
        Assert.Equal(["while-down-1", "while-down-2"], replay.Names);
    }

    [SkippableFact]
    public async Task FailPoint_ChangeStreamConnectionDropped_NoEventLost()
    {
        Skip.If(mongo.IsExternal, "Fail points target the embedded server (a real server needs enableTestCommands).");
        var sink = new RecordingSink();
        await using var gateway = await RunningGateway.StartAsync(mongo, [_ns], services: s => s.AddSingleton<IChangeEventSink>(sink));
        var collection = gateway.Collection(mongo, _ns);
        await collection.InsertOneAsync(new BsonDocument { { "tenantId", "t1" }, { "name", "first" } });
        await sink.WaitForAsync(RecordingSink.Named("first"));

        var admin = mongo.CreateClient().GetDatabase("admin");
        await admin.RunCommandAsync<BsonDocument>(new BsonDocument
        {
            { "configureFailPoint", "failCommand" },
            { "mode", new BsonDocument("times", 2) },
            { "data", new BsonDocument { { "failCommands", new BsonArray { "getMore", "aggregate" } }, { "closeConnection", true }, { "appName", "PushGateway" } } },
        });
        for (var i = 0; i < 20; i++)
        {
            await collection.InsertOneAsync(new BsonDocument { { "tenantId", "t1" }, { "name", $"after-{i}" } });
        }

        await sink.WaitForAsync(RecordingSink.Named("after-19"));
        await admin.RunCommandAsync<BsonDocument>(new BsonDocument { { "configureFailPoint", "failCommand" }, { "mode", "off" } });

        var names = sink.Events.Select(e => e.FullDocument!["name"].AsString).Distinct().ToList();
        Assert.Equal(["first", .. Enumerable.Range(0, 20).Select(i => $"after-{i}")], names);
    }

    [Fact]
    public async Task Metrics_AfterTraffic_ExposedInPrometheusFormatAndReady()
    {
        await using var gateway = await RunningGateway.StartAsync(mongo, [_ns]);
        var connection = await gateway.ConnectAsync("t1");
        var recorder = new ChangeRecorder(connection);
        await connection.InvokeAsync<SubscribeResult>("Subscribe", new { collection = _ns });
        await gateway.Collection(mongo, _ns).InsertOneAsync(new BsonDocument { { "tenantId", "t1" }, { "name", "m" } });
        await recorder.WaitForChangesAsync(1);
        using var http = new HttpClient { BaseAddress = gateway.BaseAddress };

        var metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        var ready = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));

        Assert.Contains("pushgateway_changestreams_events", metrics, StringComparison.Ordinal);
        Assert.Contains("pushgateway_changestreams_cursors", metrics, StringComparison.Ordinal);
        Assert.Contains("pushgateway_realtime_messages_pushed", metrics, StringComparison.Ordinal);
        Assert.Contains("pushgateway_realtime_filter_evaluations", metrics, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("\"changestreams\":{\"status\":\"Healthy\"", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<long> OpenCursorsAsync(IMongoDatabase admin)
    {
        var status = await admin.RunCommandAsync<BsonDocument>(new BsonDocument("serverStatus", 1));
        return status["metrics"]["cursor"]["open"]["total"].ToInt64();
    }
}
