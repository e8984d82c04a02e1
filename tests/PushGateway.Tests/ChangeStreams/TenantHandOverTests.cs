using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using MongoDB.Bson;
using MongoDB.Driver;
using PushGateway.Testing;
using PushGateway.Tests.Realtime;

namespace PushGateway.Tests.ChangeStreams;

/// <summary>
/// The isolation rule end to end, on the hub and on webhooks: an event's tenant is what was true at its time, a hand-over
/// gives the new owner no pre-image and the former owner only a content-free <c>left</c>, and what cannot be placed goes
/// to admins only.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class TenantHandOverTests(MongoTarget mongo)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly string _ns = $"{MongoTarget.NewDatabaseName("iso")}.cards";

    [Fact]
    public async Task BulkWrite_UpdateThenHandOver_UpdateReachesOnlyTheFormerOwnerAndItGetsLeft()
    {
        await using var gateway = await RunningGateway.StartAsync(mongo, [_ns], new Dictionary<string, string?>(WebhookProbe.Settings));
        var (t1, t2) = (await SubscribeAsync(gateway, "t1"), await SubscribeAsync(gateway, "t2"));
        await using var hook1 = await WebhookProbe.CreateAsync(gateway, _ns, "t1");
        await using var hook2 = await WebhookProbe.CreateAsync(gateway, _ns, "t2");
        var collection = gateway.Collection(mongo, _ns);
        await collection.InsertOneAsync(new BsonDocument { { "_id", "c1" }, { "tenantId", "t1" } });

        await collection.BulkWriteAsync(
        [
            new UpdateOneModel<BsonDocument>(new BsonDocument("_id", "c1"), new BsonDocument("$set", new BsonDocument("card", "4111-t1-private"))),
            new UpdateOneModel<BsonDocument>(new BsonDocument("_id", "c1"), new BsonDocument("$set", new BsonDocument("tenantId", "t2"))),
        ]);
        await collection.InsertManyAsync([Marker("t1"), Marker("t2")]);
        await t1.WaitAsync(() => t1.Changes.Any(c => Id(c) == "end-t1"), Timeout);
        await t2.WaitAsync(() => t2.Changes.Any(c => Id(c) == "end-t2"), Timeout);
        Assert.True(await hook1.WaitForBodyAsync("end-t1", Timeout));
        Assert.True(await hook2.WaitForBodyAsync("end-t2", Timeout));

        Assert.Equal(["change:insert:c1", "change:update:c1", "left:c1", "change:insert:end-t1"], t1.Timeline.Select(Describe));
        Assert.Equal("4111-t1-private", t1.Changes[1].GetProperty("updateDescription").GetProperty("updatedFields").GetProperty("card").GetString());
        Assert.Equal("t1", t1.Changes[1].GetProperty("fullDocument").GetProperty("tenantId").GetString());
        Assert.Equal(["change:update:c1", "change:insert:end-t2"], t2.Timeline.Select(Describe));
        Assert.False(t2.Changes[0].GetProperty("updateDescription").GetProperty("updatedFields").TryGetProperty("card", out _));
        Assert.Equal(["insert:c1", "update:c1", "insert:end-t1"], hook1.Events.Select(Describe));
        Assert.Equal(["update:c1", "insert:end-t2"], hook2.Events.Select(Describe));
        Assert.DoesNotContain("4111-t1-private", hook2.Events[0].GetProperty("updateDescription").ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandOver_PreImagesOn_NewOwnerGetsNoPreImageAndItsFiltersCannotTestOne()
    {
        var settings = new Dictionary<string, string?>(WebhookProbe.Settings) { ["Gateway:Watch:0:PreImages"] = "true" };
        await using var gateway = await RunningGateway.StartAsync(mongo, [_ns], settings);
        var oracle = await SubscribeAsync(gateway, "t2", "{\"fullDocumentBeforeChange.secret\": \"t1-secret\"}");
        var plain = await SubscribeAsync(gateway, "t2");
        var former = await SubscribeAsync(gateway, "t1", "{\"fullDocumentBeforeChange.secret\": \"t1-secret\"}");
        await using var hook = await WebhookProbe.CreateAsync(gateway, _ns, "t2");
        var collection = gateway.Collection(mongo, _ns);
        await collection.InsertOneAsync(new BsonDocument { { "_id", "c2" }, { "tenantId", "t1" }, { "secret", "t1-secret" } });

        await collection.UpdateOneAsync(new BsonDocument("_id", "c2"), new BsonDocument("$set", new BsonDocument("tenantId", "t2")));
        // Then an update of t2's own document whose pre-image does match the oracle filter: it arrives after the hand-over.
        await collection.InsertOneAsync(new BsonDocument { { "_id", "own" }, { "tenantId", "t2" }, { "secret", "t1-secret" } });
        await collection.UpdateOneAsync(new BsonDocument("_id", "own"), new BsonDocument("$set", new BsonDocument("n", 1)));
        await oracle.WaitAsync(() => oracle.Changes.Any(c => Id(c) == "own"), Timeout);
        await plain.WaitAsync(() => plain.Changes.Count(c => Id(c) == "own") == 2, Timeout);
        await former.WaitAsync(() => former.Lefts.Count > 0, Timeout);
        Assert.True(await hook.WaitForBodyAsync("\"n\"", Timeout));

        Assert.Equal(["change:update:own"], oracle.Timeline.Select(Describe));
        Assert.Equal(["change:update:c2", "change:insert:own", "change:update:own"], plain.Timeline.Select(Describe));
        Assert.Equal(["left:c2"], former.Timeline.Select(Describe));
        var handOver = hook.Events[0];
        Assert.Equal("update:c2", Describe(handOver));
        Assert.False(handOver.TryGetProperty("fullDocumentBeforeChange", out _));
        Assert.Equal("t1-secret", hook.Events[2].GetProperty("fullDocumentBeforeChange").GetProperty("secret").GetString());
        var left = former.Lefts[0];
        Assert.Equal(["subscriptionId", "eventId", "collection", "documentKey"], left.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Replace_ByDocumentWithoutTenant_FormerOwnerGetsLeftAndThenNothingAdminsGetIt()
    {
        await using var gateway = await RunningGateway.StartAsync(mongo, [_ns]);
        var t1 = await SubscribeAsync(gateway, "t1");
        var admin = await SubscribeAsync(gateway, null, admin: true);
        var collection = gateway.Collection(mongo, _ns);
        await collection.InsertOneAsync(new BsonDocument { { "_id", "c3" }, { "tenantId", "t1" } });

        await collection.ReplaceOneAsync(new BsonDocument("_id", "c3"), new BsonDocument { { "_id", "c3" }, { "name", "orphan" } });
        await collection.UpdateOneAsync(new BsonDocument("_id", "c3"), new BsonDocument("$set", new BsonDocument("name", "still-orphan")));
        await collection.InsertOneAsync(Marker("t1"));
        await t1.WaitAsync(() => t1.Changes.Any(c => Id(c) == "end-t1"), Timeout);
        await admin.WaitAsync(() => admin.Changes.Any(c => Id(c) == "end-t1"), Timeout);

        Assert.Equal(["change:insert:c3", "left:c3", "change:insert:end-t1"], t1.Timeline.Select(Describe));
        Assert.Equal(["insert:c3", "replace:c3", "update:c3", "insert:end-t1"], admin.Changes.Select(Describe));
        Assert.Equal(JsonValueKind.Null, admin.Changes[1].GetProperty("tenantId").ValueKind);
        Assert.Equal(JsonValueKind.Null, admin.Changes[2].GetProperty("tenantId").ValueKind);
    }

    [Fact]
    public async Task Delete_AfterGatewayRestart_ReachesItsTenantFromThePreImage()
    {
        var settings = new Dictionary<string, string?> { ["Mongo:Database"] = MongoTarget.NewDatabaseName("gw") };
        var collection = mongo.CreateClient().GetDatabase(_ns.Split('.')[0]).GetCollection<BsonDocument>(_ns.Split('.')[1]);
        await using (var first = await RunningGateway.StartAsync(mongo, [_ns], settings))
        {
            var t1 = await SubscribeAsync(first, "t1");
            await collection.InsertOneAsync(new BsonDocument { { "_id", "c4" }, { "tenantId", "t1" } });
            await t1.WaitAsync(() => t1.Changes.Count == 1, Timeout);
        }

        await using var second = await RunningGateway.StartAsync(mongo, [_ns], settings);
        var again = await SubscribeAsync(second, "t1");
        await collection.DeleteOneAsync(new BsonDocument("_id", "c4"));
        await again.WaitAsync(() => again.Changes.Count == 1, Timeout);

        Assert.Equal("delete:c4", Describe(again.Changes[0]));
        Assert.Equal("t1", again.Changes[0].GetProperty("tenantId").GetString());
    }

    [Fact]
    public async Task Startup_ImagesOff_GatewayTurnsThemOnAndIsReady()
    {
        var (db, coll) = (_ns.Split('.')[0], _ns.Split('.')[1]);
        var database = mongo.CreateClient().GetDatabase(db);
        await database.CreateCollectionAsync(coll);

        await using var gateway = await RunningGateway.StartAsync(mongo, [_ns]);
        using var http = new HttpClient { BaseAddress = gateway.BaseAddress };
        var ready = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var info = await (await database.ListCollectionsAsync(new ListCollectionsOptions { Filter = new BsonDocument("name", coll) })).SingleAsync();
        Assert.True(info["options"]["changeStreamPreAndPostImages"]["enabled"].ToBoolean());
    }

    [Fact]
    public async Task Startup_ImagesOffAndNotAllowed_UnhealthySaysWhatToRunAndUpdatesGoToAdminsOnly()
    {
        var (db, coll) = (_ns.Split('.')[0], _ns.Split('.')[1]);
        await mongo.CreateClient().GetDatabase(db).CreateCollectionAsync(coll);
        var settings = new Dictionary<string, string?> { ["Gateway:EnablePreAndPostImages"] = "false" };
        await using var gateway = await RunningGateway.StartAsync(mongo, [_ns], settings);
        var t1 = await SubscribeAsync(gateway, "t1");
        var admin = await SubscribeAsync(gateway, null, admin: true);
        var collection = gateway.Collection(mongo, _ns);

        await collection.InsertOneAsync(new BsonDocument { { "_id", "c5" }, { "tenantId", "t1" } });
        await collection.UpdateOneAsync(new BsonDocument("_id", "c5"), new BsonDocument("$set", new BsonDocument("n", 1)));
        await collection.InsertOneAsync(Marker("t1"));
        await t1.WaitAsync(() => t1.Changes.Any(c => Id(c) == "end-t1"), Timeout);
        await admin.WaitAsync(() => admin.Changes.Any(c => Id(c) == "end-t1"), Timeout);
        using var http = new HttpClient { BaseAddress = gateway.BaseAddress };
        var ready = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("changeStreamPreAndPostImages: {enabled: true}", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(["insert:c5", "insert:end-t1"], t1.Changes.Select(Describe));
        Assert.Equal(["insert:c5", "update:c5", "insert:end-t1"], admin.Changes.Select(Describe));
    }

    private static BsonDocument Marker(string tenant) => new() { { "_id", $"end-{tenant}" }, { "tenantId", tenant } };

    private static async Task<ChangeRecorder> SubscribeAsync(RunningGateway gateway, string? tenant, string? filter = null, bool admin = false)
    {
        var connection = await gateway.ConnectAsync(tenant, admin);
        var recorder = new ChangeRecorder(connection);
        await connection.InvokeAsync<SubscribeResult>("Subscribe", new { collection = gateway.Collections[0], filter });
        return recorder;
    }

    private static string Id(JsonElement change) => change.GetProperty("documentKey").GetProperty("_id").GetString()!;

    private static string Describe(JsonElement change) => $"{change.GetProperty("operationType").GetString()}:{Id(change)}";

    private static string Describe((string Method, JsonElement Message) m) =>
        m.Method == "left" ? $"left:{Id(m.Message)}" : $"{m.Method}:{Describe(m.Message)}";
}
