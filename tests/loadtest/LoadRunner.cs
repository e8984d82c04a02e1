using System.Diagnostics;
using System.Globalization;
using MongoDB.Bson;
using MongoDB.Driver;

namespace PushGateway.LoadTest;

/// <summary>
/// Connects the clients, measures idle memory (live heap after a full GC), writes at a fixed rate for a warm-up phase and
/// then for the measured steady-state phase, and reports the two apart: throughput, latency, gateway and JIT-thread CPU.
/// </summary>
internal sealed class LoadRunner(LoadTestOptions options, TextWriter output)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        output.WriteLine($"machine: {Environment.ProcessorCount} cores, load average at start {LoadAverage()}");
        var baseline = ProcessSample.Read(options.GatewayPid);
        var heapBefore = await GatewayMetrics.ManagedHeapAsync(options.Gateway, cancellationToken);
        var reports = Path.Combine(Path.GetTempPath(), "pushgateway-heap");
        Directory.CreateDirectory(reports);
        var liveBefore = await LiveHeap.MeasureAsync(options.GatewayPid, Path.Combine(reports, $"{options.Clients}-before.txt"), cancellationToken);
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
        var liveIdle = await LiveHeap.MeasureAsync(options.GatewayPid, Path.Combine(reports, $"{options.Clients}-idle.txt"), cancellationToken);
        var connected = options.Clients - failures;
        if (heapBefore is { } hb && heapIdle is { } hi && connected > 0)
        {
            output.WriteLine($"gateway managed heap after its last GC (not forced): {hb / 1048576.0:F1} MiB before clients, {hi / 1048576.0:F1} MiB idle with clients => {(hi - hb) / 1024.0 / connected:F1} KiB per idle connection");
        }

        double? livePerConnection = null;
        if (liveBefore is { } lb && liveIdle is { } li && connected > 0)
        {
            livePerConnection = (li.Bytes - lb.Bytes) / 1024.0 / connected;
            output.WriteLine($"gateway live managed heap after a full GC (dotnet-gcdump): {lb.Bytes / 1048576.0:F1} MiB before clients, {li.Bytes / 1048576.0:F1} MiB idle with clients => **{livePerConnection:F1} KiB per idle connection**");
            output.WriteLine($"  largest live types with clients (full reports in {reports}):" + Environment.NewLine + li.TopTypes);
        }
        else
        {
            output.WriteLine("live heap after a full GC: not measured (install dotnet-gcdump: dotnet tool install -g dotnet-gcdump)");
        }

        if (options.HoldSeconds > 0)
        {
            output.WriteLine($"holding {connected} idle connections for {options.HoldSeconds} s (gateway pid {options.GatewayPid}): dotnet-dump collect -p {options.GatewayPid}");
            output.Flush();
            await Task.Delay(TimeSpan.FromSeconds(options.HoldSeconds), cancellationToken);
        }

        var mongo = new MongoClient(options.Mongo);
        var dot = options.Collection.IndexOf('.', StringComparison.Ordinal);
        var collection = mongo.GetDatabase(options.Collection[..dot]).GetCollection<BsonDocument>(options.Collection[(dot + 1)..]);

        // Warm-up first (JIT, tiered compilation, pools), reported apart, so the measured phase is the steady state.
        var warmup = await PhaseAsync("warm-up", collection, clients, 0, options.WarmupSeconds, cancellationToken);
        var steady = await PhaseAsync("steady state", collection, clients, warmup.Writes, options.DurationSeconds, cancellationToken);
        output.WriteLine($"load average at end {LoadAverage()} (other processes on this machine compete for the same cores)");
        var closed = clients.Count(c => c.Closed);
        output.WriteLine($"clients {options.Clients} (connected {connected}, closed during run {closed}), tenants {options.Tenants}, rate {options.Rate}/s");
        if (baseline is not null && idle is not null && connected > 0)
        {
            output.WriteLine($"gateway RSS before clients {baseline.RssBytes / 1048576.0:F0} MiB, idle with clients {idle.RssBytes / 1048576.0:F0} MiB => {(idle.RssBytes - baseline.RssBytes) / (double)connected / 1024:F1} KiB per idle connection");
        }

        output.WriteLine("| clients | connected | tenants | writes/s | phase | s | delivered msg/s | p50 ms | p95 ms | p99 ms | max ms | gateway CPU | JIT thread CPU | delivered | live heap per idle conn (KiB) | load avg |");
        output.WriteLine("| ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var phase in new[] { warmup, steady })
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {options.Clients} | {connected} | {options.Tenants} | {options.Rate} | {phase.Name} | {phase.Seconds:F0} | {phase.Delivered / phase.TotalSeconds:F0} | {phase.P(0.50)} | {phase.P(0.95)} | {phase.P(0.99)} | {phase.P(1)} | {phase.GatewayCpu} | {phase.JitCpu} | {(phase.Expected == 0 ? 0 : 100.0 * phase.Delivered / phase.Expected):F2}% | {(livePerConnection is { } l ? l.ToString("F1", CultureInfo.InvariantCulture) : "n/a")} | {phase.Load} |"));
        }

        await Task.WhenAll(clients.Select(c => c.DisposeAsync().AsTask()));
        return 0;
    }

    /// <summary>Writes at the rate for <paramref name="seconds"/>, waits (≤ 15 s) for the deliveries, and reads that phase's figures.</summary>
    private async Task<Phase> PhaseAsync(string name, IMongoCollection<BsonDocument> collection, List<LoadClient> clients, int firstSeq, int seconds, CancellationToken cancellationToken)
    {
        var loadBefore = LoadAverage();
        var receivedBefore = clients.Sum(c => (long)c.Received);
        var before = ProcessSample.Read(options.GatewayPid);
        var jitBefore = ProcessSample.JitThreadCpu(options.GatewayPid);
        var writes = 0;
        var writing = Stopwatch.StartNew();
        using (var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10)))
        {
            while (writing.Elapsed.TotalSeconds < seconds && await timer.WaitForNextTickAsync(cancellationToken))
            {
                var due = (int)(writing.Elapsed.TotalSeconds * options.Rate) - writes;
                if (due <= 0)
                {
                    continue;
                }

                var batch = Enumerable.Range(firstSeq + writes, due).Select(seq => new BsonDocument
                {
                    { "tenantId", $"t{seq % options.Tenants}" }, { "seq", seq }, { "sentAt", DateTime.UtcNow.Ticks }, { "name", $"load-{seq}" },
                }).ToList();
                await collection.InsertManyAsync(batch, cancellationToken: cancellationToken);
                writes += due;
            }
        }

        var writeSeconds = writing.Elapsed.TotalSeconds;
        var open = clients.Where(c => !c.Closed).ToList();
        var expected = open.Sum(c => (long)Enumerable.Range(firstSeq, writes).Count(seq => $"t{seq % options.Tenants}" == c.Tenant));
        var drain = Stopwatch.StartNew();
        while (clients.Sum(c => (long)c.Received) - receivedBefore < expected && drain.Elapsed < TimeSpan.FromSeconds(15))
        {
            await Task.Delay(100, cancellationToken);
        }

        var after = ProcessSample.Read(options.GatewayPid);
        var jitAfter = ProcessSample.JitThreadCpu(options.GatewayPid);
        var delivered = clients.Sum(c => (long)c.Received) - receivedBefore;
        var latencies = clients.SelectMany(c => c.TakeLatencies()).Order().ToArray();
        var total = writing.Elapsed.TotalSeconds;
        var cpu = before is null || after is null ? "n/a" : ProcessSample.CpuPercent(before, after).ToString("F0", CultureInfo.InvariantCulture) + "%";
        var jit = jitBefore is { } jb && jitAfter is { } ja ? (100 * ProcessSample.JitCpuBetween(jb, ja).TotalSeconds / total).ToString("F0", CultureInfo.InvariantCulture) + "%" : "n/a";
        var phase = new Phase(name, writes, writeSeconds, total, expected, delivered, latencies, cpu, jit, $"{loadBefore.Split(' ')[0]}→{LoadAverage().Split(' ')[0]}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: {writes} writes in {writeSeconds:F1} s, delivered {delivered}/{expected}, p50/p95/p99/max {phase.P(0.5)}/{phase.P(0.95)}/{phase.P(0.99)}/{phase.P(1)} ms, gateway CPU {cpu}, JIT thread CPU {jit}, load {phase.Load}"));
        return phase;
    }

    private sealed record Phase(string Name, int Writes, double Seconds, double TotalSeconds, long Expected, long Delivered, double[] Latencies, string GatewayCpu, string JitCpu, string Load)
    {
        public string P(double q) => Latencies.Length == 0 ? "n/a"
            : Latencies[Math.Min(Latencies.Length - 1, (int)(q * Latencies.Length))].ToString("F1", CultureInfo.InvariantCulture);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
