// Webhook load program: runs the real gateway in-process (embedded MongoDB, change-stream multiplexer, outbox, delivery
// worker) against a loopback receiver and reports deliveries/s and write-to-webhook latency. See RESULTS.md.
//   dotnet run -c Release --project tests/benchmarks/PushGateway.Webhooks.Benchmarks [-- --quick] [--scenario N] [--outbox-only] [--repeat N] [--short-warmup] [--no-scenario-warmup] [--alloc-types] [--jit-methods] [--verify-stream] [--set Key=Value]
extern alias gateway;

using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using MongoDB.Bson;
using MongoDB.Driver;
using MongoDB.Driver.Core.Events;
using Microsoft.AspNetCore.TestHost;

namespace PushGateway.Webhooks.Benchmarks;

/// <summary>Entry point (an explicit class: top-level statements would clash with the gateway's <c>Program</c>).</summary>
internal static class LoadProgram
{
    private const string SigningKey = "benchmark-signing-key-0123456789-abcdefghijklmnop";
    private const int MaxConcurrency = 256;
    private const int MaxConcurrencyPerSubscription = 64;

    private static bool VerifyStream { get; set; }

    /// <summary>
    /// <c>--outbox-only</c>: the delivery worker is off (<c>Webhooks:WorkerEnabled=false</c>), so a run measures what
    /// comes before any POST (the writer, the embedded server, the change stream, matching, payloads and the outbox's row
    /// inserts) until every row is written: the part of a delivery's cost that the raw POST ceiling does not have.
    /// </summary>
    private static bool OutboxOnly { get; set; }

    /// <summary>Compilation during the last scenario's measured phase.</summary>
    private static JitMeter.Reading? LastJit { get; set; }

    private static readonly GcSurvivalMeter Survival = new();

    /// <summary><c>--jit-methods</c>: records the methods compiled from the first write of a measured scenario to its last receipt.</summary>
    private static JitSampler? JitMethods { get; set; }

    /// <summary><c>--set Key=Value</c> (repeatable): extra gateway settings, e.g. <c>--set Webhooks:InsertLeaseLimit=0</c>.</summary>
    private static List<KeyValuePair<string, string>> Settings { get; } = [];

    public static async Task<int> Main(string[] args)
    {
        var quick = args.Contains("--quick");
        VerifyStream = args.Contains("--verify-stream");
        OutboxOnly = args.Contains("--outbox-only");
        if (OutboxOnly)
        {
            Settings.Add(new("Webhooks:WorkerEnabled", "false"));
        }
        for (var i = 0; i + 1 < args.Length; i++)
        {
            if (args[i] == "--set" && args[i + 1].IndexOf('=', StringComparison.Ordinal) is var eq and > 0)
            {
                Settings.Add(new(args[i + 1][..eq], args[i + 1][(eq + 1)..]));
            }
        }

        // The factory looks for the solution above the binaries to find a content root; built elsewhere (--artifacts-path), point it here.
        if (Environment.GetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_PUSHGATEWAY") is null)
        {
            Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_PUSHGATEWAY", AppContext.BaseDirectory);
        }

        var scale = quick ? 0.2 : 1.0;
        Scenario[] scenarios =
        [
            new("100 ev/s, 10 subs (fan-out)", 10, 100, (int)(1000 * scale), FanOut: true),
            new("1000 ev/s, 10 subs (fan-out)", 10, 1000, (int)(10000 * scale), FanOut: true),
            new("100 ev/s, 1000 subs (1 match/event)", 1000, 100, (int)(1000 * scale), FanOut: false),
            new("1000 ev/s, 1000 subs (1 match/event)", 1000, 1000, (int)(10000 * scale), FanOut: false),
            new("burst, 10 subs (fan-out)", 10, 0, (int)(2000 * scale), FanOut: true),
            new("burst, 1 sub", 1, 0, (int)(20000 * scale), FanOut: true),
        ];

        // --scenario N runs only the N-th (0-based), e.g. for profiling.
        var only = Array.IndexOf(args, "--scenario") is var at and >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : -1;
        await using var receiver = await Receiver.StartAsync();

        // Warm-up (JIT, pools, connections), reported apart and left out of the table. A server in steady state runs
        // fully optimised code; right after start-up the runtime still compiles: tiered compilation re-compiles every
        // hot method (first with profiling probes, then optimised with that profile) on one background thread, which
        // takes seconds of CPU for the few thousand methods of this path. One short burst left most of that work inside
        // the measured scenario (up to half of its CPU), while the ceiling, measured after it, ran warm. So the warm-up
        // runs at least 4 rounds, each followed by a pause until the compiler is idle, and goes on (at most 12 rounds)
        // until a round compiles fewer than 200 methods between its first write and its last receipt.
        var warmups = args.Contains("--short-warmup") ? 1 : 12;
        for (var round = 1; round <= warmups; round++)
        {
            var line = await RunAsync(new Scenario($"warm-up {round}, burst, 1 sub", 1, 0, 2000, FanOut: true), receiver);
            Console.WriteLine($"warm-up {round}: {line}");
            await JitMeter.WaitUntilIdleAsync();
            if (round >= 4 && LastJit?.Methods < 200)
            {
                break;
            }
        }

        using var sampler = args.Contains("--alloc-types") ? new AllocationSampler() : null;
        using var jitSampler = args.Contains("--jit-methods") ? new JitSampler() : null;
        JitMethods = jitSampler;
        var results = new List<string>();
        // The short rounds above do not reach every path a large scenario takes (rows beyond Webhooks:InsertLeaseLimit
        // leased by a query, index growth, full GCs of a larger heap): a 20,000-event burst right after them still
        // compiled 900-2,000 methods (about a third of its CPU). So each scenario first runs once as its own warm-up,
        // printed apart (--no-scenario-warmup skips it).
        var scenarioWarmup = !args.Contains("--no-scenario-warmup");
        // --repeat N: each scenario is measured N times in this process (a row each), to see the spread of one build.
        var repeat = Array.IndexOf(args, "--repeat") is var r and >= 0 && r + 1 < args.Length ? int.Parse(args[r + 1], CultureInfo.InvariantCulture) : 1;
        foreach (var scenario in only >= 0 ? [scenarios[only]] : scenarios)
        {
            if (scenarioWarmup)
            {
                Console.WriteLine($"warm-up (same scenario): {await RunAsync(scenario with { Name = "warm-up: " + scenario.Name }, receiver)}");
                await JitMeter.WaitUntilIdleAsync();
            }

            for (var run = 1; run <= repeat; run++)
            {
                Console.WriteLine($"measuring: {scenario.Name}{(repeat > 1 ? $" (run {run} of {repeat})" : "")}");
                results.Add(await RunAsync(scenario, receiver));
                await JitMeter.WaitUntilIdleAsync();
            }
        }

        Console.WriteLine();
        Console.WriteLine(Header);
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        results.ForEach(Console.WriteLine);
        if (sampler is not null)
        {
            Console.WriteLine();
            Console.WriteLine("Allocated types (sampled, measured scenarios):");
            Console.WriteLine(sampler.Top(25));
        }

        if (jitSampler is not null)
        {
            Console.WriteLine();
            Console.WriteLine("Methods compiled (measured scenarios):");
            Console.WriteLine(jitSampler.Top(60));
        }
        return 0;
    }

    private const string Header =
        "| scenario | events | deliveries | deliveries/s | raw POST ceiling/s | ratio | latency p50 (ms) | latency p99 (ms) | CPU ms/delivery | KB allocated/delivery | GC pause | MongoDB commands/delivery | write statements/delivery | documents written/delivery | load avg (before→after) |";

    private static async Task<string> RunAsync(Scenario scenario, Receiver receiver)
    {
        receiver.Reset();
        var commands = new CommandCounter();
        var database = $"bench_{Guid.NewGuid():N}";
        // Declared before the gateway, so disposed after it.
        using var clusters = new RunClusters();
        await using var gateway = new WebApplicationFactory<gateway::Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Benchmark");
            b.UseSetting("Mongo:ConnectionString", "");
            b.UseSetting("Mongo:Database", "gw_" + database);
            b.UseSetting("Auth:SigningKey", SigningKey);
            b.UseSetting("Demo:Enabled", "false");
            b.UseSetting("Logging:LogLevel:Default", "Warning");
            b.UseSetting("Gateway:Watch:0:Database", database);
            b.UseSetting("Gateway:Watch:0:Collection", "orders");
            b.UseSetting("Gateway:MaxAwaitMilliseconds", "50");
            b.UseSetting("Webhooks:AllowedHosts:0", "127.0.0.1");
            b.UseSetting("Webhooks:MaxSubscriptionsPerTenant", "10000");
            b.UseSetting("Webhooks:PollInterval", "00:00:00.050");
            b.UseSetting("Webhooks:LeaseBatchSize", "500");
            b.UseSetting("Webhooks:MaxConcurrency", MaxConcurrency.ToString(CultureInfo.InvariantCulture));
            b.UseSetting("Webhooks:MaxConcurrencyPerSubscription", MaxConcurrencyPerSubscription.ToString(CultureInfo.InvariantCulture));
            foreach (var (key, value) in Settings)
            {
                b.UseSetting(key, value);
            }

            b.ConfigureTestServices(s => s.AddSingleton<IMongoClient>(sp =>
            {
                var settings = MongoClientSettings.FromConnectionString(sp.GetRequiredService<gateway::PushGateway.Mongo.MongoEndpoint>().ConnectionString);
                settings.ClusterConfigurator = c => c.Subscribe<CommandStartedEvent>(commands.OnStarted).Subscribe<CommandSucceededEvent>(commands.OnSucceeded);
                return clusters.Track(new MongoClient(settings));
            }));
        });
        using var api = gateway.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token());
        for (var i = 0; i < scenario.Subscriptions; i++)
        {
            var filter = scenario.FanOut ? null : $"fullDocument.bucket = {i}";
            var response = await api.PostAsJsonAsync(new Uri("/api/webhooks", UriKind.Relative), new { url = receiver.Url, collections = new[] { $"{database}.orders" }, filter });
            response.EnsureSuccessStatusCode();
        }

        var connection = gateway.Services.GetRequiredService<gateway::PushGateway.Mongo.MongoEndpoint>().ConnectionString;
        // The benchmark's own client; its cluster is closed with the run's (see RunClusters).
        var client = clusters.Track(new MongoClient(connection));
        var orders = client.GetDatabase(database).GetCollection<BsonDocument>("orders");
        await WaitForStreamAsync(gateway);

        // Each run starts a fresh gateway: its start-up code (host, DI, endpoints) reaches tier-up call counts over the
        // runs and is then re-compiled in the background. A gateway in service has done that before a burst comes, so
        // the burst waits until the compiler is idle.
        await JitMeter.WaitUntilIdleAsync();

        // --verify-stream: an independent change stream (the driver's, not the gateway's) records which documents the
        // server reported, to tell a lost change event from a lost delivery.
        using var verifyStop = new CancellationTokenSource();
        var streamed = new System.Collections.Concurrent.ConcurrentDictionary<int, byte>();
        var verifier = VerifyStream ? Task.Run(async () =>
        {
            try
            {
                using var cursor = await orders.WatchAsync(new ChangeStreamOptions { MaxAwaitTime = TimeSpan.FromMilliseconds(50) }, verifyStop.Token);
                while (await cursor.MoveNextAsync(verifyStop.Token))
                {
                    foreach (var change in cursor.Current)
                    {
                        streamed.TryAdd(change.DocumentKey["_id"].AsInt32, 0);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }) : Task.CompletedTask;
        await Task.Delay(VerifyStream ? 500 : 0);

        // Progress: webhooks received, or with --outbox-only rows written (the count command reads the collection's size, not its rows).
        var rowCounter = client.GetDatabase("gw_" + database).GetCollection<BsonDocument>("webhookDeliveries");
        var firstRow = 0L;
        var lastRow = 0L;
        async Task<int> ProgressAsync()
        {
            if (!OutboxOnly)
            {
                return receiver.Count;
            }

            var rows = (int)await rowCounter.EstimatedDocumentCountAsync();
            if (rows > 0 && firstRow == 0)
            {
                firstRow = Stopwatch.GetTimestamp();
            }

            return rows;
        }

        var started = Stopwatch.GetTimestamp();
        var before = commands.Snapshot();
        var budgetBefore = PushGateway.Query.QueryMetrics.BudgetExceededTotal;
        var meter = new ProcessMeter();
        var survivedBefore = Survival.Take();
        var survived = survivedBefore;
        var jitMeter = JitMeter.Start();
        LastJit = null;
        JitMethods?.Start();
        await WriteAsync(orders, scenario);
        var writeSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var deadline = DateTime.UtcNow.AddSeconds(120);
        var lastReport = Stopwatch.GetTimestamp();
        var lastProgress = Stopwatch.GetTimestamp();
        // Costs are read at the last new delivery, so a stall (missing deliveries) does not add idle polling to them.
        var cost = meter.Stop();
        survived = Survival.Take();
        var after = commands.Snapshot();
        var lastCount = 0;
        // Stop waiting after 30 s without a new delivery: the missing ones are then listed below.
        while (await ProgressAsync() is var progress && progress < scenario.ExpectedDeliveries && DateTime.UtcNow < deadline && Stopwatch.GetElapsedTime(lastProgress) < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(OutboxOnly ? 10 : 50);
            if (progress != lastCount)
            {
                lastCount = progress;
                lastRow = Stopwatch.GetTimestamp();
                lastProgress = Stopwatch.GetTimestamp();
                cost = meter.Stop();
                survived = Survival.Take();
                after = commands.Snapshot();
            }

            if (Stopwatch.GetElapsedTime(lastReport) >= TimeSpan.FromSeconds(5))
            {
                lastReport = Stopwatch.GetTimestamp();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {Stopwatch.GetElapsedTime(started).TotalSeconds:0} s: {progress}/{scenario.ExpectedDeliveries} {(OutboxOnly ? "rows written" : "delivered")}"));
            }
        }

        var reached = OutboxOnly ? await ProgressAsync() : receiver.Count;
        if (OutboxOnly && reached >= scenario.ExpectedDeliveries)
        {
            // The last rows were counted at the loop's condition: read the costs now (within its 10 ms poll).
            lastRow = Stopwatch.GetTimestamp();
            cost = meter.Stop();
            survived = Survival.Take();
            after = commands.Snapshot();
        }

        LastJit = jitMeter.Stop();
        var latencyMax = receiver.Percentile(1);
        await verifyStop.CancelAsync();
        await verifier;
        if (OutboxOnly && reached < scenario.ExpectedDeliveries)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  MISSING {scenario.ExpectedDeliveries - reached} rows"));
        }
        else if (!OutboxOnly && receiver.Count < scenario.ExpectedDeliveries)
        {
            // Say where the missing deliveries are: rows never written, or rows that are still pending (and why).
            var rows = client.GetDatabase("gw_" + database).GetCollection<BsonDocument>("webhookDeliveries");
            var written = await rows.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  MISSING {scenario.ExpectedDeliveries - receiver.Count}: {written} rows written; not succeeded:"));
            foreach (var row in await rows.Find(new BsonDocument("state", new BsonDocument("$ne", "succeeded"))).Project(new BsonDocument("body", 0)).Limit(10).ToListAsync())
            {
                Console.WriteLine("    " + row.ToJson());
            }

            var events = new HashSet<int>();
            foreach (var row in await rows.Find(FilterDefinition<BsonDocument>.Empty).Project(new BsonDocument("body", 1)).ToListAsync())
            {
                using var json = System.Text.Json.JsonDocument.Parse(row["body"].AsString);
                events.Add(json.RootElement.GetProperty("data").GetProperty("documentKey").GetProperty("_id").GetInt32());
            }

            var missing = Enumerable.Range(0, scenario.Events).Where(i => !events.Contains(i)).Take(20).ToList();
            Console.WriteLine("  documents without a delivery row (change event not seen by the outbox): " + string.Join(", ", missing));
            using var scrape = gateway.CreateClient();
            var metrics = await scrape.GetStringAsync(new Uri("/metrics", UriKind.Relative));
            Console.WriteLine("  gateway change-stream counters: " + string.Join(" | ", metrics.Split('\n').Where(l => (l.StartsWith("pushgateway_changestreams_", StringComparison.Ordinal) && l.Contains("_total", StringComparison.Ordinal)) || l.StartsWith("pushgateway_webhooks_deliveries_queued", StringComparison.Ordinal))));
            if (VerifyStream)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  an independent change stream saw {streamed.Count}/{scenario.Events} documents; of those without a row it saw: {string.Join(", ", missing.Where(streamed.ContainsKey))}"));
            }
        }

        // Costs per delivery cover the whole process (writer, embedded MongoDB, gateway, receiver); CPU per delivery does not
        // depend on what else runs on the machine.
        if (!OutboxOnly && receiver.Count >= scenario.ExpectedDeliveries)
        {
            cost = meter.Stop();
            survived = Survival.Take();
            after = commands.Snapshot();
            JitMethods?.Stop();

            // Completions are group-committed after the POSTs: count the gateway's commands once every row is recorded
            // as succeeded (up to 30 s; read with the benchmark's own client, which is not counted), so documents
            // written per delivery include every completion. CPU and allocations stay as read above.
            var deliveryRows = client.GetDatabase("gw_" + database).GetCollection<BsonDocument>("webhookDeliveries");
            var succeededFilter = new BsonDocument("state", "succeeded");
            for (var i = 0; i < 60 && await deliveryRows.CountDocumentsAsync(succeededFilter) < scenario.ExpectedDeliveries; i++)
            {
                await Task.Delay(500);
            }

            after = commands.Snapshot();
            var recorded = await deliveryRows.CountDocumentsAsync(succeededFilter);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  rows recorded as succeeded: {recorded}/{scenario.ExpectedDeliveries}"));
        }
        var delivered = Math.Max(1, reached);
        var rate = OutboxOnly ? (lastRow > firstRow ? reached / Stopwatch.GetElapsedTime(firstRow, lastRow).TotalSeconds : 0) : receiver.Rate;
        var p50 = OutboxOnly ? double.NaN : receiver.Percentile(0.5);
        var p99 = OutboxOnly ? double.NaN : receiver.Percentile(0.99);
        var ceiling = "—";
        var ratio = "—";
        if (scenario.IsBurst)
        {
            var concurrency = Math.Min(MaxConcurrency, scenario.Subscriptions * MaxConcurrencyPerSubscription);
            var (ceilingRate, ceilingCost, ceilingRates) = await PostCeiling.MeasureAsync(receiver, scenario.ExpectedDeliveries, concurrency);
            ceiling = string.Create(CultureInfo.InvariantCulture, $"{ceilingRate:0} (median of {string.Join("/", ceilingRates.Select(r => r.ToString("0", CultureInfo.InvariantCulture)))}; {ceilingCost.Cpu.TotalMilliseconds / scenario.ExpectedDeliveries:0.000} ms CPU, {ceilingCost.AllocatedBytes / 1024.0 / scenario.ExpectedDeliveries:0.0} KB, c={concurrency})");
            ratio = string.Create(CultureInfo.InvariantCulture, $"**{rate / ceilingRate:0.00}**");
        }

        var line = string.Create(CultureInfo.InvariantCulture,
            $"| {(OutboxOnly ? "outbox only: " : "")}{scenario.Name} | {scenario.Events} | {reached}/{scenario.ExpectedDeliveries}{(OutboxOnly ? " rows" : "")} | {rate:0} | {ceiling} | {ratio} | {p50:0.0} | {p99:0.0} | {cost.Cpu.TotalMilliseconds / delivered:0.000} | {cost.AllocatedBytes / 1024.0 / delivered:0.0} | {cost.GcPauseShare:0.0%} | {(after.Commands - before.Commands) / (double)delivered:0.000} | {(after.Writes - before.Writes) / (double)delivered:0.00} | {(after.Documents - before.Documents) / (double)delivered:0.00} | {cost.Load} |");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{line}  (writes took {writeSeconds:0.0} s, last receipt after {cost.Wall.TotalSeconds:0.0} s; latency max {latencyMax:0} ms; gen2 GCs {cost.Gen2}; {survived.Since(survivedBefore, delivered)}; {LastJit}; filter evaluations stopped by the query budget: {PushGateway.Query.QueryMetrics.BudgetExceededTotal - budgetBefore})"));
        Console.WriteLine("  commands: " + string.Join(", ", after.ByCommand.Where(c => c.Value - before.ByCommand.GetValueOrDefault(c.Key) > 0)
            .OrderByDescending(c => c.Value - before.ByCommand.GetValueOrDefault(c.Key)).Select(c => $"{c.Key}={c.Value - before.ByCommand.GetValueOrDefault(c.Key)}")));
        return line;
    }

    // A webhook created just before a write must see it: wait until the multiplexer reports its cursor open.
    private static async Task WaitForStreamAsync(WebApplicationFactory<gateway::Program> gateway)
    {
        using var client = gateway.CreateClient();
        for (var i = 0; i < 200; i++)
        {
            var ready = await client.GetStringAsync(new Uri("/health/ready", UriKind.Relative));
            if (ready.Contains("cursor(s) open", StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(50);
        }
    }

    private static async Task WriteAsync(IMongoCollection<BsonDocument> orders, Scenario scenario)
    {
        // 100 ticks per second, rate/100 inserts per tick (a burst writes batches of 100 back to back).
        var perTick = scenario.EventsPerSecond == 0 ? 100 : Math.Max(1, scenario.EventsPerSecond / 100);
        using var timer = scenario.EventsPerSecond == 0 ? null : new PeriodicTimer(TimeSpan.FromMilliseconds(10));
        var written = 0;
        while (written < scenario.Events)
        {
            var batch = Enumerable.Range(written, Math.Min(perTick, scenario.Events - written)).Select(i => new BsonDocument
            {
                { "_id", i },
                { "tenantId", "bench" },
                { "bucket", i % scenario.Subscriptions },
                { "sentAt", Stopwatch.GetTimestamp() },
            }).ToList();
            await orders.InsertManyAsync(batch);
            written += batch.Count;
            if (timer is not null)
            {
                await timer.WaitForNextTickAsync();
            }
        }
    }

    private static string Token()
    {
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = "pushgateway",
            Audience = "pushgateway",
            Subject = new ClaimsIdentity([new Claim("sub", "bench"), new Claim("tenant_id", "bench")]),
            Expires = DateTime.UtcNow.AddHours(2),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(SigningKey)), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }
}
