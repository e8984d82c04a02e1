using System.Diagnostics;
using MongoDB.Bson;

namespace PushGateway.EmbeddedMongo.Benchmarks;

/// <summary>
/// <c>--per-op</c>: what the server alone spends (process CPU and managed allocations) per document for the commands
/// of the webhook delivery path, sent over a raw OP_MSG socket with every request encoded before measuring, so the
/// figures are the server's (decode, execute, change log, reply) and not a driver's. Per batch of rows:
/// an unordered insert of delivery rows, the lease find (index on <c>{state, dueAt}</c>, limit), the claim
/// (ONE update, <c>_id: {$in}</c>, multi), the completion (one update statement per row: <c>$set</c>, <c>$inc</c>,
/// <c>$push</c> with <c>$slice</c>), an insert into a watched collection and the change stream's <c>getMore</c>.
/// Writes carry <c>lsid</c> and <c>txnNumber</c> as a driver's retryable writes do.
/// </summary>
internal static class PerOperationScenario
{
    private const int BatchSize = 500;
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly string Body = "{\"type\":\"orders.insert\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"data\":{\"operationType\":\"insert\",\"fullDocument\":{"
        + string.Join(',', Enumerable.Range(0, 12).Select(i => $"\"field{i}\":\"value of field {i} in a webhook body\""))
        + "}}}";

    private static readonly string[] Names = ["insert rows", "lease find", "claim ($in)", "complete", "insert watched", "stream getMore"];

    public static async Task RunAsync(int batches, bool hold = false)
    {
        await using var server = await EmbeddedMongoServer.StartAsync(new EmbeddedMongoOptions { Port = 0 });
        var port = new Uri(server.ConnectionString.Replace("mongodb://", "http://", StringComparison.Ordinal)).Port;
        using var client = await RawWireClient.ConnectAsync(port);
        await client.RunAsync(new BsonDocument { { "createIndexes", "deliveries" }, { "indexes", new BsonArray
        {
            new BsonDocument { { "key", new BsonDocument { { "state", 1 }, { "dueAt", 1 } } }, { "name", "state_dueAt" } },
            new BsonDocument { { "key", new BsonDocument { { "subscriptionId", 1 }, { "createdAt", -1 } } }, { "name", "sub_created" } },
            new BsonDocument { { "key", new BsonDocument("leaseToken", 1) }, { "name", "lease" } },
        } }, { "$db", "bench" } });
        await client.RunAsync(new BsonDocument { { "create", "events" }, { "$db", "bench" } });
        var stream = await client.RunAsync(new BsonDocument { { "aggregate", "events" }, { "pipeline", new BsonArray { new BsonDocument("$changeStream", new BsonDocument()) } }, { "cursor", new BsonDocument() }, { "$db", "bench" } });
        var streamId = stream["cursor"]["id"].AsInt64;

        // Every request of the run, encoded before measuring (warm-up batch first).
        var lsid = new BsonDocument("id", new BsonBinaryData(Guid.NewGuid(), GuidRepresentation.Standard));
        var requests = Enumerable.Range(0, batches + 1).Select(b => Batch(client, b, lsid)).ToList();

        var totals = new (long Bytes, TimeSpan Cpu, TimeSpan Wall)[Names.Length];
        var received = 0;
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var pauseBefore = GC.GetTotalPauseDuration();
        int[] collectionsBefore = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        var runStarted = Stopwatch.GetTimestamp();
        for (var b = 0; b < requests.Count; b++)
        {
            for (var op = 0; op < Names.Length; op++)
            {
                var bytes = GC.GetTotalAllocatedBytes(precise: true);
                var cpu = Environment.CpuUsage.TotalTime;
                var wall = Stopwatch.GetTimestamp();
                await client.SendAsync(op == 5 ? client.Encode(GetMore(streamId)) : requests[b][op]);
                if (b > 0)
                {
                    totals[op].Wall += Stopwatch.GetElapsedTime(wall);
                    totals[op].Cpu += Environment.CpuUsage.TotalTime - cpu;
                    totals[op].Bytes += GC.GetTotalAllocatedBytes(precise: true) - bytes;
                }

                received += Check(b, op, RawWireClient.Decode(client.LastReply));
            }
        }

        var runWall = Stopwatch.GetElapsedTime(runStarted);
        var pause = GC.GetTotalPauseDuration() - pauseBefore;
        int[] collections = [GC.CollectionCount(0) - collectionsBefore[0], GC.CollectionCount(1) - collectionsBefore[1], GC.CollectionCount(2) - collectionsBefore[2]];
        var retained = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
        var rows = batches * BatchSize;
        Console.WriteLine($"per-op, {batches} batches of {BatchSize} rows ({rows} rows), load average {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine("| command (per row) | KB allocated | CPU µs | wall µs |");
        Console.WriteLine("|---|---:|---:|---:|");
        for (var op = 0; op < Names.Length; op++)
        {
            Console.WriteLine($"| {Names[op]} | {totals[op].Bytes / 1024.0 / rows:F2} | {totals[op].Cpu.TotalMicroseconds / rows:F1} | {totals[op].Wall.TotalMicroseconds / rows:F1} |");
        }

        Console.WriteLine($"| **all six** | **{totals.Sum(t => t.Bytes) / 1024.0 / rows:F2}** | **{totals.Sum(t => t.Cpu.TotalMicroseconds) / rows:F1}** | **{totals.Sum(t => t.Wall.TotalMicroseconds) / rows:F1}** |");
        var succeeded = await client.RunAsync(new BsonDocument { { "count", "deliveries" }, { "query", new BsonDocument { { "state", "succeeded" }, { "attempts", 1 } } }, { "$db", "bench" } });
        Console.WriteLine($"check: {succeeded["n"]} of {rows + BatchSize} rows succeeded once; {received} of {rows + BatchSize} change events received");
        Console.WriteLine($"GC during the batches: {pause.TotalMilliseconds:F0} ms paused ({pause / runWall:P1} of {runWall.TotalSeconds:F1} s), collections gen0/gen1/gen2 {collections[0]}/{collections[1]}/{collections[2]}; retained after the run: {retained / 1024.0 / (rows + BatchSize):F2} KB per row (live heap, after a full collection)");
        if (hold)
        {
            // --hold: stay alive (server and data included) for `dotnet-gcdump collect -p <pid>` until stdin closes.
            Console.WriteLine($"holding, pid {Environment.ProcessId}");
            await Console.In.ReadToEndAsync();
        }

        GC.KeepAlive(server);
    }

    private static byte[][] Batch(RawWireClient client, int b, BsonDocument lsid)
    {
        var ids = Enumerable.Range(0, BatchSize).Select(i => $"sub-1:evt-{b:D4}-{i:D4}").ToList();
        var now = T0.AddSeconds(b);
        var token = $"lease-{b}";
        var rows = ids.Select((id, i) => new BsonDocument
        {
            { "_id", id }, { "subscriptionId", "sub-1" }, { "tenantId", "tenant-a" }, { "collection", "app.orders" },
            { "eventId", $"evt-{b:D4}-{i:D4}" }, { "type", "orders.insert" }, { "body", Body }, { "eventTime", now }, { "createdAt", now },
            { "state", "pending" }, { "dueAt", now }, { "leaseToken", BsonNull.Value }, { "attempts", 0 }, { "failures", 0 },
            { "lastStatusCode", BsonNull.Value }, { "lastError", BsonNull.Value }, { "completedAt", BsonNull.Value }, { "history", new BsonArray() },
        }).ToList();
        var due = new BsonDocument { { "state", "pending" }, { "dueAt", new BsonDocument("$lte", now) } };
        var claimFilter = new BsonDocument("_id", new BsonDocument("$in", new BsonArray(ids))).AddRange(due);
        var completions = ids.Select(id => new BsonDocument
        {
            { "q", new BsonDocument { { "_id", id }, { "leaseToken", token } } },
            { "u", new BsonDocument
            {
                { "$set", new BsonDocument { { "state", "succeeded" }, { "completedAt", now }, { "lastStatusCode", 200 }, { "lastError", BsonNull.Value }, { "leaseToken", BsonNull.Value } } },
                { "$inc", new BsonDocument("attempts", 1) },
                { "$push", new BsonDocument("history", new BsonDocument { { "$each", new BsonArray { new BsonDocument { { "at", now }, { "statusCode", 200 }, { "durationMs", 1.5 }, { "error", BsonNull.Value } } } }, { "$slice", -10 } }) },
            } },
        }).ToList();
        var events = Enumerable.Range(0, BatchSize).Select(i => new BsonDocument { { "_id", ObjectId.GenerateNewId() }, { "tenantId", "tenant-a" }, { "orderId", b * BatchSize + i }, { "status", "created" }, { "amount", 12.5 } }).ToList();
        var txn = b * 10L;
        BsonDocument Write(string name, string coll) => new() { { name, coll }, { "ordered", false }, { "$db", "bench" }, { "lsid", lsid }, { "txnNumber", ++txn } };
        return
        [
            client.Encode(Write("insert", "deliveries"), ("documents", rows)),
            client.Encode(new BsonDocument { { "find", "deliveries" }, { "filter", due }, { "projection", new BsonDocument("history", 0) }, { "limit", BatchSize }, { "$db", "bench" }, { "lsid", lsid } }),
            client.Encode(Write("update", "deliveries").Set("ordered", true), ("updates", [new BsonDocument { { "q", claimFilter }, { "u", new BsonDocument("$set", new BsonDocument { { "leaseToken", token }, { "dueAt", now.AddMinutes(1) } }) }, { "multi", true } }])),
            client.Encode(Write("update", "deliveries"), ("updates", completions)),
            client.Encode(Write("insert", "events"), ("documents", events)),
            [],
        ];
    }

    private static BsonDocument GetMore(long id) => new() { { "getMore", id }, { "collection", "events" }, { "maxTimeMS", 1000 }, { "$db", "bench" } };

    /// <summary>Fails the run when a command did not do what the workload expects; returns change events received.</summary>
    private static int Check(int batch, int op, BsonDocument reply)
    {
        if (reply.GetValue("ok", 0).ToDouble() != 1.0 || reply.Contains("writeErrors"))
        {
            throw new InvalidOperationException($"batch {batch}, {Names[op]}: {reply}");
        }

        var expected = op switch
        {
            0 or 2 or 3 or 4 => reply["n"].ToInt32(),
            1 => reply["cursor"]["firstBatch"].AsBsonArray.Count,
            _ => reply["cursor"]["nextBatch"].AsBsonArray.Count,
        };
        return expected == BatchSize
            ? op == 5 ? expected : 0
            : throw new InvalidOperationException($"batch {batch}, {Names[op]}: {expected} instead of {BatchSize}");
    }
}
