using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using MongoDB.Bson;
using MongoDB.Driver;
using PushGateway.Testing;
using PushGateway.Tests.Realtime;
using Xunit.Abstractions;

namespace PushGateway.Tests.ChangeStreams;

/// <summary>
/// The isolation promise under an adversarial workload: several tenants, hub and webhook subscribers with different filters,
/// concurrent writers doing inserts, updates, hand-overs (also inside one bulk write), replaces with and without a tenant,
/// and deletes, with a gateway restart in the middle. Ground truth is an independent change stream with pre- and
/// post-images; every delivery is checked against it.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class TenantIsolationRandomizedTests(MongoTarget mongo, ITestOutputHelper output)
{
    private const int Pool = 60;
    private const int Writers = 8;
    private const int OpsPerWriter = 60;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private static readonly string[] Tenants = ["t1", "t2", "t3", "t4"];

    /// <summary>Subscriber filters and the same condition in C#, over the event as subscribers see it (<see cref="View"/>).</summary>
    private static readonly (string? Text, Func<BsonDocument, bool> Matches)[] Filters =
    [
        (null, _ => true),
        ("fullDocument.n >= 50", v => Full(v) is { } f && f["n"].ToInt32() >= 50),
        ("{\"$or\": [{\"operationType\": \"delete\"}, {\"fullDocument.color\": \"red\"}]}", v => v["operationType"] == "delete" || Full(v)?["color"] == "red"),
        // An oracle on pre-images: must never match a hand-over, whose pre-image is the former owner's.
        ("{\"$or\": [{\"fullDocumentBeforeChange.secret\": {\"$exists\": true}}, {\"fullDocument.end\": true}]}",
            v => (v.TryGetValue("fullDocumentBeforeChange", out var pre) && pre.AsBsonDocument.Contains("secret")) || Full(v)?.GetValue("end", false) == true),
    ];

    [Fact]
    public async Task Deliveries_ConcurrentWritersHandOversAndRestart_NoneToAWrongTenantAndNoneMissing()
    {
        var ns = $"{MongoTarget.NewDatabaseName("iso")}.accounts";
        var settings = new Dictionary<string, string?>(WebhookProbe.Settings)
        {
            ["Mongo:Database"] = MongoTarget.NewDatabaseName("gw"),
            ["Gateway:Watch:0:PreImages"] = "true",
            ["Realtime:QueueCapacity"] = "100000",
        };
        var collection = mongo.CreateClient().GetDatabase(ns.Split('.')[0]).GetCollection<BsonDocument>(ns.Split('.')[1]);
        var writes = 0;
        var probes = new List<(WebhookProbe Probe, int Filter)>();
        var tally = new Tally();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var phases = new List<(string Name, TimeSpan At)>();
        try
        {
            // Phase 1: gateway A.
            var first = await RunningGateway.StartAsync(mongo, [ns], settings);
            await using var truth = await GroundTruthStream.OpenAsync(collection);
            foreach (var tenant in Tenants)
            {
                probes.Add((await WebhookProbe.CreateAsync(first, ns, tenant, ordered: false), 0));
                probes.Add((await WebhookProbe.CreateAsync(first, ns, tenant, Filters[3].Text, ordered: false), 3));
            }

            probes.Add((await WebhookProbe.CreateAsync(first, ns, null, ordered: false), 0));
            var hub1 = await SubscribeAllAsync(first, ns);
            writes += await WriteAsync(collection, Writers, OpsPerWriter, seed: 1);
            var end1 = await MarkAsync(collection, truth, hub1, "p1");
            phases.Add(("phase 1 + hub markers", clock.Elapsed));
            await first.DisposeAsync();

            // While the gateway is down: only webhooks (durable) must get these.
            writes += await WriteAsync(collection, 2, OpsPerWriter / 2, seed: 100);
            await collection.InsertOneAsync(new BsonDocument { { "_id", "down-end" }, { "n", 0 }, { "color", "blue" } });

            // Phase 2: gateway B resumes from A's checkpoint, with no memory of A's events.
            await using var second = await RunningGateway.StartAsync(mongo, [ns], settings);
            var hub2 = await SubscribeAllAsync(second, ns);
            var start2 = await truth.WaitForAsync("down-end", Timeout) + 1;
            writes += await WriteAsync(collection, Writers, OpsPerWriter, seed: 200);
            var end2 = await MarkAsync(collection, truth, hub2, "p2");
            phases.Add(("phase 2 + hub markers", clock.Elapsed));

            var events = truth.Events.Take(end2 + 1).ToList();
            var byId = events.Select((e, i) => (Id: EventId(e), i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
            foreach (var (probe, filter) in probes)
            {
                // Everything expected has arrived, then nothing is left pending: what was received is final.
                var expected = events.Where(e => Visible(probe.Tenant, e) && Filters[filter].Matches(View(e))).Select(EventId).ToHashSet(StringComparer.Ordinal);
                await probe.Receiver.Inbox.WaitUntilAsync(inbox => inbox.UniqueCount >= expected.Count && expected.IsSubsetOf(probe.Events.Select(d => d.GetProperty("_id").GetString()!)), Timeout);
                Assert.True(await probe.WaitDrainedAsync(second, Timeout), $"webhook {probe.Id} still has pending deliveries");
                tally.Check(probe.Tenant, filter, probe.Events, [], events, byId, _ => true, isWebhook: true);
            }

            phases.Add(("webhooks drained", clock.Elapsed));

            foreach (var (subscribers, window) in new[] { (hub1, (Func<int, bool>)(i => i <= end1)), (hub2, i => i >= start2) })
            {
                foreach (var (tenant, filter, recorder) in subscribers)
                {
                    tally.Check(tenant, filter, recorder.Changes, recorder.Lefts, events, byId, window, isWebhook: false);
                }
            }

            output.WriteLine(
                $"isolation: {Tenants.Length} tenants, {hub1.Count} hub subscribers per gateway run, {probes.Count} webhooks, {writes} write operations " +
                $"({Writers} concurrent writers, restart in the middle) -> {events.Count} events ({events.Count(HandOver)} hand-overs, " +
                $"{events.Count(e => Owner(e) is null)} without a tenant); checked {tally.HubDeliveries} hub and {tally.WebhookDeliveries} webhook deliveries, " +
                $"{tally.Lefts} left notices: wrong tenant {tally.Wrong}, missing {tally.Missing}, unexpected {tally.Unexpected}, " +
                $"wrong left {tally.WrongLeft}, missing left {tally.MissingLeft}, pre-image leaks {tally.PreImageLeaks}; " +
                string.Join(", ", phases.Select(p => $"{p.Name} at {p.At.TotalSeconds:F1} s")));
            foreach (var sample in tally.Samples.Take(20))
            {
                output.WriteLine(sample);
            }
        }
        finally
        {
            foreach (var (probe, _) in probes)
            {
                await probe.DisposeAsync();
            }
        }

        Assert.Equal(0, tally.Wrong);
        Assert.Equal(0, tally.Missing);
        Assert.Equal(0, tally.Unexpected);
        Assert.Equal(0, tally.WrongLeft);
        Assert.Equal(0, tally.MissingLeft);
        Assert.Equal(0, tally.PreImageLeaks);
        Assert.True(tally.Lefts > 0 && tally.WebhookDeliveries > 0, "the workload must exercise hand-overs and webhooks");
    }

    /// <summary>The owner by the rule, computed independently from the ground-truth images.</summary>
    private static string? Owner(BsonDocument e) =>
        e["operationType"] == "delete" ? TenantOf(Pre(e)) : TenantOf(Full(e));

    private static bool HandOver(BsonDocument e) =>
        e["operationType"] is { AsString: "update" or "replace" } && Pre(e) is { } pre && TenantOf(pre) != Owner(e);

    private static string? Former(BsonDocument e) => HandOver(e) ? TenantOf(Pre(e)) : null;

    /// <summary>What every subscriber's filter sees: no pre-image across a hand-over.</summary>
    private static BsonDocument View(BsonDocument e)
    {
        var view = new BsonDocument("operationType", e["operationType"]);
        if (e["operationType"] != "delete" && Full(e) is { } full)
        {
            view["fullDocument"] = full;
        }

        if (!HandOver(e) && Pre(e) is { } pre)
        {
            view["fullDocumentBeforeChange"] = pre;
        }

        return view;
    }

    private static BsonDocument? Full(BsonDocument e) => e.GetValue("fullDocument", BsonNull.Value) as BsonDocument;

    private static BsonDocument? Pre(BsonDocument e) => e.GetValue("fullDocumentBeforeChange", BsonNull.Value) as BsonDocument;

    private static string? TenantOf(BsonDocument? doc) =>
        doc?.GetValue("tenantId", BsonNull.Value) is BsonString { Value.Length: > 0 } s ? s.Value : null;

    private static string EventId(BsonDocument e) => e["_id"]["_data"].AsString;

    private static bool Visible(string? tenant, BsonDocument e) => tenant is null || Owner(e) == tenant;

    private static async Task<List<(string? Tenant, int Filter, ChangeRecorder Recorder)>> SubscribeAllAsync(RunningGateway gateway, string ns)
    {
        var subscribers = new List<(string?, int, ChangeRecorder)>();
        foreach (var tenant in Tenants.Append(null))
        {
            foreach (var filter in tenant is null ? [0, 2] : Enumerable.Range(0, Filters.Length))
            {
                var connection = await gateway.ConnectAsync(tenant ?? "ops", admin: tenant is null);
                var recorder = new ChangeRecorder(connection);
                await connection.InvokeAsync<SubscribeResult>("Subscribe", new { collection = ns, filter = Filters[filter].Text });
                subscribers.Add((tenant, filter, recorder));
            }
        }

        return subscribers;
    }

    /// <summary>Inserts one end marker per tenant (it matches every filter), waits until every hub subscriber has its own; the index of the last.</summary>
    private async Task<int> MarkAsync(IMongoCollection<BsonDocument> collection, GroundTruthStream truth, List<(string? Tenant, int Filter, ChangeRecorder Recorder)> hub, string phase)
    {
        foreach (var tenant in Tenants)
        {
            await collection.InsertOneAsync(new BsonDocument { { "_id", $"end-{phase}-{tenant}" }, { "tenantId", tenant }, { "n", 100 }, { "color", "red" }, { "end", true } });
        }

        foreach (var (tenant, _, recorder) in hub)
        {
            var markers = (tenant is null ? Tenants : [tenant]).Select(t => $"end-{phase}-{t}").ToList();
            await recorder.WaitAsync(() => markers.All(m => recorder.Changes.Any(c => c.GetProperty("documentKey").GetProperty("_id").GetString() == m)), Timeout);
        }

        var last = 0;
        foreach (var tenant in Tenants)
        {
            last = Math.Max(last, await truth.WaitForAsync($"end-{phase}-{tenant}", Timeout));
        }

        return last;
    }

    private static async Task<int> WriteAsync(IMongoCollection<BsonDocument> collection, int writers, int ops, int seed)
    {
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(() => WriterAsync(collection, new Random(seed + w), ops))));
        return writers * ops;
    }

    private static async Task WriterAsync(IMongoCollection<BsonDocument> collection, Random random, int ops)
    {
        for (var i = 0; i < ops; i++)
        {
            var id = new BsonDocument("_id", $"d{random.Next(Pool):D3}");
            var roll = random.Next(100);
            try
            {
                if (roll < 25)
                {
                    await collection.InsertOneAsync(NewDocument(id["_id"], random, untenanted: 10));
                }
                else if (roll < 50)
                {
                    await collection.UpdateOneAsync(id, new BsonDocument("$set", new BsonDocument { { "n", random.Next(100) }, { "color", Color(random) } }));
                }
                else if (roll < 62)
                {
                    await collection.UpdateOneAsync(id, random.Next(10) == 0
                        ? new BsonDocument("$unset", new BsonDocument("tenantId", ""))
                        : new BsonDocument("$set", new BsonDocument("tenantId", Tenants[random.Next(Tenants.Length)])));
                }
                else if (roll < 70)
                {
                    // The attack of issue 10: an update, then the hand-over, in one bulk write.
                    await collection.BulkWriteAsync(
                    [
                        new UpdateOneModel<BsonDocument>(id, new BsonDocument("$set", new BsonDocument { { "card", $"card-{random.Next(1000)}" }, { "n", random.Next(100) } })),
                        new UpdateOneModel<BsonDocument>(id, new BsonDocument("$set", new BsonDocument("tenantId", Tenants[random.Next(Tenants.Length)]))),
                    ]);
                }
                else if (roll < 85)
                {
                    await collection.ReplaceOneAsync(id, NewDocument(id["_id"], random, untenanted: 20));
                }
                else
                {
                    await collection.DeleteOneAsync(id);
                }
            }
            catch (MongoWriteException ex) when (ex.WriteError.Category == ServerErrorCategory.DuplicateKey)
            {
                // Another writer inserted this id first: no event, nothing to check.
            }
        }
    }

    private static BsonDocument NewDocument(BsonValue id, Random random, int untenanted)
    {
        var doc = new BsonDocument { { "_id", id }, { "n", random.Next(100) }, { "color", Color(random) } };
        if (random.Next(100) >= untenanted)
        {
            var tenant = Tenants[random.Next(Tenants.Length)];
            doc["tenantId"] = tenant;
            doc["secret"] = $"{tenant}-secret-{random.Next(1000)}";
        }

        return doc;
    }

    private static string Color(Random random) => random.Next(2) == 0 ? "red" : "blue";

    /// <summary>Counts of every way a delivery can be wrong.</summary>
    private sealed class Tally
    {
        public int Wrong { get; private set; }

        public int Missing { get; private set; }

        public int Unexpected { get; private set; }

        public int WrongLeft { get; private set; }

        public int MissingLeft { get; private set; }

        public int PreImageLeaks { get; private set; }

        public int HubDeliveries { get; private set; }

        public int WebhookDeliveries { get; private set; }

        public int Lefts { get; private set; }

        public List<string> Samples { get; } = [];

        /// <param name="tenant">The subscriber's tenant; null for an admin.</param>
        /// <param name="filter">Index into <see cref="Filters"/>.</param>
        /// <param name="window">Which ground-truth events (by index) the subscriber must have received: hub subscribers only
        /// see events while connected; any delivery must still be theirs and match.</param>
        public void Check(
            string? tenant,
            int filter,
            IReadOnlyList<JsonElement> received,
            IReadOnlyList<JsonElement> lefts,
            List<BsonDocument> events,
            Dictionary<string, int> byId,
            Func<int, bool> window,
            bool isWebhook)
        {
            var matches = Filters[filter].Matches;
            var ids = received.Select(r => (isWebhook ? r.GetProperty("_id") : r.GetProperty("eventId")).GetString()!).ToList();
            if (isWebhook)
            {
                WebhookDeliveries += ids.Count;
            }
            else
            {
                HubDeliveries += ids.Count;
            }

            for (var k = 0; k < ids.Count; k++)
            {
                if (!byId.TryGetValue(ids[k], out var index) || !Visible(tenant, events[index]))
                {
                    Wrong++;
                    Samples.Add($"wrong tenant: {tenant ?? "admin"} got {received[k]}");
                    continue;
                }

                var e = events[index];
                if (!matches(View(e)))
                {
                    Unexpected++;
                    Samples.Add($"unexpected for {tenant ?? "admin"}/{filter}: {received[k]}");
                }

                if (HandOver(e) && received[k].TryGetProperty("fullDocumentBeforeChange", out _))
                {
                    PreImageLeaks++;
                }
            }

            Unexpected += ids.Count - ids.Distinct(StringComparer.Ordinal).Count();
            var got = ids.ToHashSet(StringComparer.Ordinal);
            var missing = events.Where((e, i) => window(i) && Visible(tenant, e) && matches(View(e)) && !got.Contains(EventId(e))).ToList();
            Missing += missing.Count;
            Samples.AddRange(missing.Take(2).Select(e => $"missing for {tenant ?? "admin"}/{filter}: {e["operationType"]} {e["documentKey"]}"));
            if (isWebhook)
            {
                // Webhooks of a former owner get nothing at all: a delivery of a hand-over to them counts as wrong above.
                return;
            }

            if (tenant is null)
            {
                Wrong += lefts.Count;
                return;
            }

            var leftIds = lefts.Select(l => l.GetProperty("eventId").GetString()!).ToList();
            Lefts += leftIds.Count;
            WrongLeft += leftIds.Count(id => !byId.TryGetValue(id, out var i) || Former(events[i]) != tenant);
            var gotLeft = leftIds.ToHashSet(StringComparer.Ordinal);
            var missingLeft = events.Where((e, i) => window(i) && Former(e) == tenant && !gotLeft.Contains(EventId(e))).ToList();
            MissingLeft += missingLeft.Count;
            Samples.AddRange(missingLeft.Take(2).Select(e => $"missing left for {tenant}: {e["operationType"]} {e["documentKey"]}"));
        }
    }
}
