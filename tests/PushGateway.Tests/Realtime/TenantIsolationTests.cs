using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using MongoDB.Bson;
using PushGateway.Realtime;
using PushGateway.Testing;

namespace PushGateway.Tests.Realtime;

/// <summary>Events reach the right subscribers and only them, through the real host and the test MongoDB.</summary>
[Collection(GatewayCollection.Name)]
public sealed class TenantIsolationTests(MongoTarget mongo)
{
    private static readonly string[] Tenants = ["t1", "t2", "t3"];

    /// <summary>Client filters and the same condition in C#; all of them match the per-tenant end marker.</summary>
    private static readonly (string? Filter, Func<BsonDocument, bool> Matches)[] Filters =
    [
        (null, _ => true),
        ("fullDocument.n >= 50", d => d["op"] != "delete" && d["n"].AsInt32 >= 50),
        ("{\"fullDocument.color\": \"red\"}", d => d["op"] != "delete" && d["color"] == "red"),
        ("fullDocument.color = 'red' AND fullDocument.n >= 80", d => d["op"] != "delete" && d["color"] == "red" && d["n"].AsInt32 >= 80),
    ];

    [Fact]
    public async Task Change_RandomisedMultiTenantWorkload_EverySubscriberGetsExactlyItsOwnMatches()
    {
        var ns = $"{MongoTarget.NewDatabaseName("rt")}.items";
        await using var gateway = await RunningGateway.StartAsync(mongo, [ns]);
        var clients = new List<(string? Tenant, bool Admin, int Filter, ChangeRecorder Recorder)>();
        foreach (var tenant in Tenants)
        {
            for (var f = 0; f < Filters.Length; f++)
            {
                clients.Add((tenant, false, f, await SubscribeAsync(gateway, ns, tenant, admin: false, Filters[f].Filter)));
            }
        }

        clients.Add((null, true, 0, await SubscribeAsync(gateway, ns, null, admin: true, null)));
        clients.Add(("t2", true, 0, await SubscribeAsync(gateway, ns, null, admin: true, "tenantId = 't2'")));

        var random = new Random(4242);
        var collection = gateway.Collection(mongo, ns);
        var written = new List<BsonDocument>();
        for (var i = 0; i < 150; i++)
        {
            var tenant = random.Next(10) == 0 ? null : Tenants[random.Next(Tenants.Length)];
            var doc = new BsonDocument { { "_id", $"d{i}" }, { "n", random.Next(100) }, { "color", random.Next(2) == 0 ? "red" : "blue" } };
            if (tenant is not null)
            {
                doc["tenantId"] = tenant;
            }

            await collection.InsertOneAsync(doc);
            written.Add(Expect(doc, "insert", tenant));
            if (i % 10 == 9)
            {
                // Deletes carry their tenant in the pre-image (the gateway turns images on for the collection).
                var victim = written[random.Next(written.Count)];
                if (victim["op"] == "insert" && !written.Any(w => w["op"] == "delete" && w["_id"] == victim["_id"]))
                {
                    await collection.DeleteOneAsync(new BsonDocument("_id", victim["_id"]));
                    written.Add(Expect(victim, "delete", victim["tenant"].IsBsonNull ? null : victim["tenant"].AsString));
                }
            }
        }

        foreach (var tenant in Tenants)
        {
            var end = new BsonDocument { { "_id", $"end-{tenant}" }, { "n", 100 }, { "color", "red" }, { "tenantId", tenant } };
            await collection.InsertOneAsync(end);
            written.Add(Expect(end, "insert", tenant));
        }

        foreach (var client in clients)
        {
            // Each connection's queue is FIFO: once the last end marker it should get has arrived, everything before it has too.
            foreach (var tenant in client.Admin && client.Tenant is null ? Tenants : [client.Tenant!])
            {
                await client.Recorder.WaitAsync(() => client.Recorder.Changes.Any(c => Key(c) == $"insert:end-{tenant}"));
            }
        }

        foreach (var client in clients)
        {
            var expected = written
                .Where(w => client.Admin ? client.Tenant is null || w["tenant"] == client.Tenant : w["tenant"] == client.Tenant && Filters[client.Filter].Matches(w))
                .Select(w => $"{w["op"]}:{w["_id"]}")
                .ToList();
            var received = client.Recorder.Changes.Select(Key).ToList();
            Assert.Equal(expected, received);
            Assert.All(client.Recorder.Changes, c => Assert.True(client.Admin || c.GetProperty("tenantId").GetString() == client.Tenant, "leak"));
        }
    }

    [Fact]
    public async Task Subscribe_SameConditionInSqlAndMql_SharesOneGroup()
    {
        var ns = $"{MongoTarget.NewDatabaseName("rt")}.items";
        await using var gateway = await RunningGateway.StartAsync(mongo, [ns]);
        var sql = await gateway.ConnectAsync("t1");
        var mql = await gateway.ConnectAsync("t1");
        var other = await gateway.ConnectAsync("t2");

        var a = await sql.InvokeAsync<SubscribeResult>("Subscribe", new { collection = ns, filter = "fullDocument.n >= 50" });
        var b = await mql.InvokeAsync<SubscribeResult>("Subscribe", new { collection = ns, filter = "{\"fullDocument.n\": {\"$gte\": 50}}" });
        var c = await other.InvokeAsync<SubscribeResult>("Subscribe", new { collection = ns, filter = "fullDocument.n >= 50" });

        Assert.Equal(a.SubscriptionId, b.SubscriptionId);
        Assert.NotEqual(a.SubscriptionId, c.SubscriptionId);
        Assert.Equal(2, gateway.Services.GetRequiredService<RealtimeFanout>().GroupCount);
    }

    private static async Task<ChangeRecorder> SubscribeAsync(RunningGateway gateway, string ns, string? tenant, bool admin, string? filter)
    {
        var connection = await gateway.ConnectAsync(tenant, admin);
        var recorder = new ChangeRecorder(connection);
        await connection.InvokeAsync<SubscribeResult>("Subscribe", new { collection = ns, filter });
        return recorder;
    }

    private static BsonDocument Expect(BsonDocument doc, string op, string? tenant) => new()
    {
        { "_id", doc["_id"] },
        { "op", op },
        { "n", doc["n"] },
        { "color", doc["color"] },
        { "tenant", (BsonValue?)tenant ?? BsonNull.Value },
    };

    private static string Key(System.Text.Json.JsonElement change) =>
        $"{change.GetProperty("operationType").GetString()}:{change.GetProperty("documentKey").GetProperty("_id").GetString()}";
}
