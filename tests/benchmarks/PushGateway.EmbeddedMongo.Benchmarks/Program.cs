// Load program for the embedded MongoDB-compatible server (in-process, memory only, loopback TCP,
// official MongoDB.Driver). Usage:
//   dotnet run -c Release --project tests/benchmarks/PushGateway.EmbeddedMongo.Benchmarks -- [--seconds 5] [--indexed-find]
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using MongoDB.Bson;
using MongoDB.Driver;
using MongoDB.Driver.Core.Clusters;
using PushGateway.EmbeddedMongo;
using PushGateway.EmbeddedMongo.Benchmarks;

var seconds = args.Length >= 2 && args[0] == "--seconds" ? double.Parse(args[1], CultureInfo.InvariantCulture) : 5;
var duration = TimeSpan.FromSeconds(seconds);
Console.WriteLine($"# Embedded server benchmark ({Environment.ProcessorCount} cores, {duration.TotalSeconds} s per measurement, .NET {Environment.Version})");
if (args.Contains("--per-op"))
{
    // Only the server's own cost per document of the webhook delivery commands (see RESULTS.md).
    var at = Array.IndexOf(args, "--batches");
    await PerOperationScenario.RunAsync(at >= 0 ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : 40, args.Contains("--hold"));
    return 0;
}

if (args.Contains("--indexed-find"))
{
    // Only the secondary-index scenario (see RESULTS.md), without the throughput and latency runs.
    await IndexedFindScenario.RunAsync(duration);
    return 0;
}

await using (var server = await EmbeddedMongoServer.StartAsync(new EmbeddedMongoOptions { Port = 0 }))
{
    var clients = Enumerable.Range(0, 8).Select(_ => new MongoClient(server.ConnectionString + "&serverMonitoringMode=Poll&maxPoolSize=16")).ToList();
    try
    {
        foreach (var n in new[] { 1, 8 })
        {
            var coll = clients[0].GetDatabase("bench").GetCollection<BsonDocument>($"insert{n}");
            var inserted = await RunForAsync(n, duration, async (worker, i) =>
                await clients[worker].GetDatabase("bench").GetCollection<BsonDocument>($"insert{n}").InsertOneAsync(new BsonDocument { { "w", worker }, { "i", i }, { "s", "small document" } }));
            Console.WriteLine($"inserts/s, {n} client(s): {inserted / duration.TotalSeconds:F0}");

            var count = (int)await coll.EstimatedDocumentCountAsync();
            var ids = await coll.Find(FilterDefinition<BsonDocument>.Empty).Project(new BsonDocument("_id", 1)).Limit(10_000).ToListAsync();
            var found = await RunForAsync(n, duration, async (worker, i) =>
                await clients[worker].GetDatabase("bench").GetCollection<BsonDocument>($"insert{n}").Find(new BsonDocument("_id", ids[(int)(i % ids.Count)]["_id"])).FirstOrDefaultAsync());
            Console.WriteLine($"finds/s (by _id, {count} docs), {n} client(s): {found / duration.TotalSeconds:F0}");
        }

        await clients[0].DropDatabaseAsync("bench");
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var memColl = clients[0].GetDatabase("mem").GetCollection<BsonDocument>("c");
        for (var batch = 0; batch < 100; batch++)
        {
            await memColl.InsertManyAsync(Enumerable.Range(0, 1000).Select(i => new BsonDocument { { "n", batch * 1000 + i }, { "s", "small document" } }));
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"managed memory for 100k small docs (incl. 100k retained change events): {(after - before) / (1024.0 * 1024.0):F1} MiB");
        await clients[0].DropDatabaseAsync("mem");

        foreach (var rate in new[] { 100, 1_000, 10_000 })
        {
            await MeasureLatencyAsync(clients, rate, duration);
        }

        foreach (var streams in new[] { 1, 10 })
        {
            await MeasureSustainedAsync(clients, streams, duration);
        }
    }
    finally
    {
        clients.ForEach(c => ClusterRegistry.Instance.UnregisterAndDisposeCluster(c.Cluster));
    }
}

// Durable mode: every acknowledged write is fsynced to the journal before the reply.
var dataPath = Path.Combine(Path.GetTempPath(), "embedded-mongo-bench-" + Guid.NewGuid().ToString("N"));
try
{
    await using var durable = await EmbeddedMongoServer.StartAsync(new EmbeddedMongoOptions { Port = 0, DataPath = dataPath });
    var durableClients = Enumerable.Range(0, 8).Select(_ => new MongoClient(durable.ConnectionString + "&serverMonitoringMode=Poll")).ToList();
    try
    {
        foreach (var n in new[] { 1, 8 })
        {
            var inserted = await RunForAsync(n, duration, async (worker, i) =>
                await durableClients[worker].GetDatabase("bench").GetCollection<BsonDocument>("durable").InsertOneAsync(new BsonDocument { { "w", worker }, { "i", i }, { "s", "small document" } }));
            Console.WriteLine($"durable (--dbpath, fsync per write) inserts/s, {n} client(s): {inserted / duration.TotalSeconds:F0}");
        }
    }
    finally
    {
        durableClients.ForEach(c => ClusterRegistry.Instance.UnregisterAndDisposeCluster(c.Cluster));
    }
}
finally
{
    Directory.Delete(dataPath, recursive: true);
}

return 0;

// Runs `workers` loops for `duration`; returns the number of completed operations.
static async Task<long> RunForAsync(int workers, TimeSpan duration, Func<int, long, Task> operation)
{
    long total = 0;
    var stopwatch = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
    {
        long i = 0;
        while (stopwatch.Elapsed < duration)
        {
            await operation(worker, i++);
            Interlocked.Increment(ref total);
        }
    })));
    return total;
}

// Insert at a fixed rate; latency = event arrival in Watch() minus insert acknowledgement.
static async Task MeasureLatencyAsync(List<MongoClient> clients, int rate, TimeSpan duration)
{
    var coll = clients[0].GetDatabase("latency").GetCollection<BsonDocument>($"r{rate}");
    var acked = new ConcurrentDictionary<long, long>();
    var arrived = new ConcurrentDictionary<long, long>();
    using var cursor = await coll.WatchAsync(new ChangeStreamOptions { MaxAwaitTime = TimeSpan.FromSeconds(1), BatchSize = 1000 });
    var total = (long)(rate * duration.TotalSeconds);
    var reader = Task.Run(async () =>
    {
        while (arrived.Count < total && await cursor.MoveNextAsync())
        {
            var now = Stopwatch.GetTimestamp();
            foreach (var e in cursor.Current)
            {
                arrived[e.DocumentKey["_id"].ToInt64()] = now;
            }
        }
    });

    const int writers = 8;
    var start = Stopwatch.GetTimestamp();
    await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
    {
        var c = clients[w].GetDatabase("latency").GetCollection<BsonDocument>($"r{rate}");
        for (long i = w; i < total; i += writers)
        {
            var due = start + (long)(i * (double)Stopwatch.Frequency / rate);
            while (Stopwatch.GetTimestamp() < due)
            {
                var wait = TimeSpan.FromSeconds((due - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency);
                if (wait > TimeSpan.FromMilliseconds(2))
                {
                    await Task.Delay(wait - TimeSpan.FromMilliseconds(1));
                }
                else
                {
                    Thread.SpinWait(50);
                }
            }

            await c.InsertOneAsync(new BsonDocument { { "_id", i }, { "s", "small document" } });
            acked[i] = Stopwatch.GetTimestamp();
        }
    })));
    var elapsed = Stopwatch.GetElapsedTime(start);
    await reader.WaitAsync(TimeSpan.FromSeconds(30));
    var histogram = new LatencyHistogram();
    var early = 0;
    foreach (var (id, ack) in acked)
    {
        if (arrived.TryGetValue(id, out var at))
        {
            // The event can reach the stream before the insert reply reaches the writer: count it as 0.
            var ms = (at - ack) * 1000.0 / Stopwatch.Frequency;
            early += ms < 0 ? 1 : 0;
            histogram.Add(Math.Max(0, ms));
        }
    }

    Console.WriteLine($"insert->Watch latency at {rate} ev/s (achieved {total / elapsed.TotalSeconds:F0} ev/s, {histogram.Count}/{total} events): p50 {histogram.Percentile(50):F2} ms, p99 {histogram.Percentile(99):F2} ms ({early} arrived before the ack)");
    await clients[0].DropDatabaseAsync("latency");
}

// Write as fast as possible with 4 writers (InsertMany of 100) while N streams read everything.
static async Task MeasureSustainedAsync(List<MongoClient> clients, int streams, TimeSpan duration)
{
    var db = clients[0].GetDatabase("sustained");
    var cursors = new List<IChangeStreamCursor<ChangeStreamDocument<BsonDocument>>>();
    for (var s = 0; s < streams; s++)
    {
        cursors.Add(await clients[s % clients.Count].GetDatabase("sustained").GetCollection<BsonDocument>("c").WatchAsync(new ChangeStreamOptions { MaxAwaitTime = TimeSpan.FromMilliseconds(500), BatchSize = 5000 }));
    }

    var received = new long[streams];
    using var stop = new CancellationTokenSource();
    var readers = cursors.Select((cursor, s) => Task.Run(async () =>
    {
        try
        {
            while (await cursor.MoveNextAsync(stop.Token))
            {
                Interlocked.Add(ref received[s], cursor.Current.Count());
            }
        }
        catch (OperationCanceledException)
        {
            // End of measurement.
        }
    })).ToList();

    var written = await RunForAsync(4, duration, async (worker, i) =>
        await clients[worker].GetDatabase("sustained").GetCollection<BsonDocument>("c").InsertManyAsync(Enumerable.Range(0, 100).Select(_ => new BsonDocument("s", "small document"))));
    var deadline = Stopwatch.StartNew();
    while (received.Min() < written * 100 && deadline.Elapsed < TimeSpan.FromSeconds(60))
    {
        await Task.Delay(50);
    }

    var drainSeconds = duration.TotalSeconds + deadline.Elapsed.TotalSeconds;
    await stop.CancelAsync();
    await Task.WhenAll(readers);
    cursors.ForEach(c => c.Dispose());
    Console.WriteLine($"sustained with {streams} stream(s): written {written * 100 / duration.TotalSeconds:F0} ev/s; each stream received {received.Min() / drainSeconds:F0} ev/s until caught up (total delivered {received.Sum() / drainSeconds:F0} ev/s)");
    await db.Client.DropDatabaseAsync("sustained");
}
