using System.Diagnostics;
using System.Globalization;
using MongoDB.Bson;
using MongoDB.Driver;

namespace PushGateway.LoadTest;

/// <summary>Connects the clients, measures idle memory, writes at a fixed rate, then reports throughput and latency.</summary>
internal sealed class LoadRunner(LoadTestOptions options, TextWriter output)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        output.WriteLine($"machine: {Environment.ProcessorCount} cores, load average at start {LoadAverage()}");
        var baseline = ProcessSample.Read(options.GatewayPid);
        var heapBefore = await GatewayMetrics.ManagedHeapAsync(options.Gateway, cancellationToken);
        var clients = Enumerable.Range(0, options.Clients).Select(i => new LoadClient(options, $"t{i % options.Tenants}")).ToList();
        var failures = 0;
        var connecting = Stopwatch.StartNew();
        await Parallel.ForEachAsync(clients, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken }, async (client, ct) =>
        {
            try
            {
                await client.ConnectAsync(ct);
            }
            catch (Exception ex) when (ex is HttpRequestException or TimeoutException or IOException or InvalidOperationException or System.Net.WebSockets.WebSocketException or OperationCanceledException)
            {
                Interlocked.Increment(ref failures);
            }
        });
        var connectSeconds = connecting.Elapsed.TotalSeconds;
        output.WriteLine($"connected {options.Clients - failures}/{options.Clients} clients in {connectSeconds:F1} s");

        // Let connection set-up garbage settle before reading idle memory.
        await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
        var idle = ProcessSample.Read(options.GatewayPid);
        var heapIdle = await GatewayMetrics.ManagedHeapAsync(options.Gateway, cancellationToken);
        if (heapBefore is { } hb && heapIdle is { } hi && options.Clients > failures)
        {
            output.WriteLine($"gateway managed heap after last GC: {hb / 1048576.0:F1} MiB before clients, {hi / 1048576.0:F1} MiB idle with clients => {(hi - hb) / 1024.0 / (options.Clients - failures):F1} KiB per idle connection");
        }

        var mongo = new MongoClient(options.Mongo);
        var dot = options.Collection.IndexOf('.', StringComparison.Ordinal);
        var collection = mongo.GetDatabase(options.Collection[..dot]).GetCollection<BsonDocument>(options.Collection[(dot + 1)..]);
        var writes = 0;
        var writing = Stopwatch.StartNew();
        var before = ProcessSample.Read(options.GatewayPid);
        var selfBefore = Process.GetCurrentProcess().TotalProcessorTime;
        using (var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10)))
        {
            while (writing.Elapsed.TotalSeconds < options.DurationSeconds && await timer.WaitForNextTickAsync(cancellationToken))
            {
                var due = (int)(writing.Elapsed.TotalSeconds * options.Rate) - writes;
                if (due <= 0)
                {
                    continue;
                }

                var batch = Enumerable.Range(writes, due).Select(seq => new BsonDocument
                {
                    { "tenantId", $"t{seq % options.Tenants}" }, { "seq", seq }, { "sentAt", DateTime.UtcNow.Ticks }, { "name", $"load-{seq}" },
                }).ToList();
                await collection.InsertManyAsync(batch, cancellationToken: cancellationToken);
                writes += due;
            }
        }

        var writeSeconds = writing.Elapsed.TotalSeconds;
        var expected = clients.Where(c => !c.Closed).Sum(c => (long)Enumerable.Range(0, writes).Count(seq => $"t{seq % options.Tenants}" == c.Tenant));
        var drain = Stopwatch.StartNew();
        while (clients.Sum(c => (long)c.Received) < expected && drain.Elapsed < TimeSpan.FromSeconds(15))
        {
            await Task.Delay(100, cancellationToken);
        }

        var after = ProcessSample.Read(options.GatewayPid);
        var selfCpu = (Process.GetCurrentProcess().TotalProcessorTime - selfBefore).TotalSeconds / writing.Elapsed.TotalSeconds * 100;
        var delivered = clients.Sum(c => (long)c.Received);
        var latencies = clients.SelectMany(c => c.LatenciesMs).Order().ToArray();
        var closed = clients.Count(c => c.Closed);
        output.WriteLine($"load average at end {LoadAverage()} (other processes on this machine compete for the same cores)");
        Report(failures, closed, writes, expected, delivered, writeSeconds, writing.Elapsed.TotalSeconds, latencies, baseline, idle, before, after, selfCpu);
        await Task.WhenAll(clients.Select(c => c.DisposeAsync().AsTask()));
        return 0;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private void Report(int failures, int closed, int writes, long expected, long delivered, double writeSeconds, double totalSeconds, double[] latencies,
        ProcessSample? baseline, ProcessSample? idle, ProcessSample? before, ProcessSample? after, double selfCpu)
    {
        string P(double q) => latencies.Length == 0 ? "n/a" : latencies[Math.Min(latencies.Length - 1, (int)(q * latencies.Length))].ToString("F1", CultureInfo.InvariantCulture);
        var connected = options.Clients - failures;
        output.WriteLine($"clients {options.Clients} (connected {connected}, closed during run {closed}), tenants {options.Tenants}, rate {options.Rate}/s for {writeSeconds:F1} s");
        output.WriteLine($"writes {writes}, expected deliveries {expected}, delivered {delivered} ({(expected == 0 ? 0 : 100.0 * delivered / expected):F2}%)");
        output.WriteLine($"delivered msgs/s {delivered / totalSeconds:F0} (over write phase + drain {totalSeconds:F1} s)");
        output.WriteLine($"latency ms p50 {P(0.50)} p95 {P(0.95)} p99 {P(0.99)} max {(latencies.Length == 0 ? "n/a" : latencies[^1].ToString("F1", CultureInfo.InvariantCulture))}");
        if (baseline is not null && idle is not null && before is not null && after is not null)
        {
            var perConnection = connected == 0 ? 0 : (idle.RssBytes - baseline.RssBytes) / (double)connected / 1024;
            output.WriteLine($"gateway RSS before clients {baseline.RssBytes / 1048576.0:F0} MiB, idle with clients {idle.RssBytes / 1048576.0:F0} MiB => {perConnection:F1} KiB per idle connection; after run {after.RssBytes / 1048576.0:F0} MiB");
            output.WriteLine($"gateway CPU during writes {ProcessSample.CpuPercent(before, after):F0}% of one core (includes the embedded MongoDB); load tool CPU {selfCpu:F0}%");
        }

        output.WriteLine($"| {options.Clients} | {connected} | {options.Tenants} | {options.Rate} | {delivered / totalSeconds:F0} | {P(0.50)} | {P(0.95)} | {P(0.99)} | "
            + $"{(after is null || before is null ? "n/a" : ProcessSample.CpuPercent(before, after).ToString("F0", CultureInfo.InvariantCulture) + "%")} | "
            + $"{(baseline is null || idle is null || connected == 0 ? "n/a" : ((idle.RssBytes - baseline.RssBytes) / (double)connected / 1024).ToString("F1", CultureInfo.InvariantCulture))} | "
            + $"{(expected == 0 ? 0 : 100.0 * delivered / expected):F2}% |");
    }
}
