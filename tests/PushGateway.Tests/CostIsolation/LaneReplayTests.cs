using Microsoft.AspNetCore.SignalR.Client;
using MongoDB.Bson;
using PushGateway.Testing;
using PushGateway.Tests.Realtime;

namespace PushGateway.Tests.CostIsolation;

/// <summary>
/// A subscriber that joins with <c>resumeFrom</c> while events are still being published gets every event after its
/// resume point exactly once: the replay stops where its tenant's lane has not yet dispatched, and the lane delivers the
/// rest live.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class LaneReplayTests(MongoTarget mongo)
{
    private readonly string _ns = $"{MongoTarget.NewDatabaseName("lane")}.items";

    [Fact]
    public async Task Subscribe_ResumeWhileWritesRace_EveryLaterEventExactlyOnce()
    {
        await using var gateway = await RunningGateway.StartAsync(mongo, [_ns]);
        var reference = await gateway.ConnectAsync("t1");
        var all = new ChangeRecorder(reference);
        await reference.InvokeAsync<SubscribeResult>("Subscribe", new { collection = _ns });
        var collection = gateway.Collection(mongo, _ns);
        await collection.InsertOneAsync(new BsonDocument { { "tenantId", "t1" }, { "name", "start" } });
        await all.WaitForNameAsync("start");
        var resumeFrom = all.Changes[^1].GetProperty("eventId").GetString();

        // Writers run while late subscribers join from the same resume point.
        var writing = Task.Run(async () =>
        {
            for (var i = 0; i < 300; i++)
            {
                await collection.InsertOneAsync(new BsonDocument { { "tenantId", i % 3 == 0 ? "t2" : "t1" }, { "name", $"w{i}" } });
            }
        });
        var late = new List<ChangeRecorder>();
        for (var k = 0; k < 5; k++)
        {
            var connection = await gateway.ConnectAsync("t1");
            var recorder = new ChangeRecorder(connection);
            await connection.InvokeAsync<SubscribeResult>("Subscribe", new { collection = _ns, resumeFrom });
            late.Add(recorder);
        }

        await writing;
        await collection.InsertOneAsync(new BsonDocument { { "tenantId", "t1" }, { "name", "end" } });
        await all.WaitForNameAsync("end");
        var expected = all.Names.SkipWhile(n => n != "start").Skip(1).ToList();
        foreach (var recorder in late)
        {
            await recorder.WaitForNameAsync("end");
            Assert.Equal(expected, recorder.Names);
        }
    }
}
