using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using MongoDB.Bson;
using MongoDB.Driver;

namespace PushGateway.LoadTest;

/// <summary>
/// Issue 10, cost isolation: the victim tenant's write→receive latency (one simple subscription, small documents at
/// <see cref="LoadTestOptions.VictimRate"/>) without and with an attacker tenant that holds many of the most expensive
/// filters the gateway accepts and writes adversarial documents into the same watched collection. Four phases, each
/// reported apart: baseline warm-up, baseline, attacker warm-up, attacker. Run with <c>--noisy-neighbor</c>.
/// </summary>
internal sealed class NoisyNeighborRunner(LoadTestOptions options, TextWriter output)
{
    private const string Victim = "victim";
    private const string Attacker = "attacker";

    // The most expensive kinds the engine accepts for client filters (QueryLimits.Untrusted), cycled over the attacker's
    // subscriptions. "|qN" makes every pattern distinct (no shared automaton, no shared subscription group) and never
    // matches: the attacker documents only hold the letters a-d.
    private static readonly string[] Kinds =
    [
        "{{\"fullDocument.s\": {{\"$regex\": \".*a.{{30}}e|q{0}\"}}}}",                          // a 2^30-state DFA, held at the engine's state cap (nested counting such as (.*a.{30}){8}e is refused)
        "{{\"fullDocument.s\": {{\"$regex\": \"(a|b|c|d)*a(a|b|c|d){{60}}e|q{0}\"}}}}",           // large automaton
        "{{\"fullDocument.items\": {{\"$elemMatch\": {{\"k\": {{\"$lt\": -{0}}}}}}}}}",            // elemMatch over the big array
        "{{\"$or\": [{{\"fullDocument.items.k\": -{0}}}, {{\"fullDocument.s\": {{\"$regex\": \"^(a+)+$|q{0}\"}}}}, {{\"fullDocument.s\": {{\"$regex\": \".*d.{{20}}e|q{0}\"}}}}, {{\"fullDocument.items.k\": {{\"$in\": [-1, -2, -3, -{0}]}}}}]}}",
        "{{\"fullDocument.s\": {{\"$regex\": \".*a.{{30}}e\"}}, \"fullDocument.u\": {{\"$ne\": {0}}}}}",               // kind 0 without "|qN"
        "{{\"fullDocument.s\": {{\"$regex\": \"(a|b|c|d)*a(a|b|c|d){{60}}e\"}}, \"fullDocument.u\": {{\"$ne\": {0}}}}}", // kind 1 without "|qN"
    ];

    private readonly ConcurrentDictionary<string, ConcurrentBag<double>> _latencies = new();
    private readonly ConcurrentDictionary<string, int> _victimWrites = new();
    private readonly ConcurrentDictionary<string, int> _attackerWrites = new();
    private readonly List<string> _rejections = [];
    private volatile string _phase = "baseline warm-up";
    private long _attackerReceived;
    private int _filterSerial;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        output.WriteLine($"machine: {Environment.ProcessorCount} cores, load average at start {LoadAverage()}");
        var mongo = new MongoClient(options.Mongo);
        var dot = options.Collection.IndexOf('.', StringComparison.Ordinal);
        var collection = mongo.GetDatabase(options.Collection[..dot]).GetCollection<BsonDocument>(options.Collection[(dot + 1)..]);

        await using var victim = await ConnectAsync(Victim, cancellationToken);
        victim.On<JsonElement>("change", OnVictimChange);
        await victim.InvokeAsync<JsonElement>("Subscribe", new { collection = options.Collection, filter = "fullDocument.kind = 'ping'" }, cancellationToken);

        using var stopVictim = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var victimWriter = Task.Run(() => VictimWriterAsync(collection, stopVictim.Token), CancellationToken.None);

        var phases = new List<PhaseSample>();
        phases.Add(await PhaseAsync("baseline warm-up", options.WarmupSeconds, cancellationToken));
        phases.Add(await PhaseAsync("baseline", options.DurationSeconds, cancellationToken));

        // The attacker joins: connections full of expensive filters, then adversarial writes.
        var attackers = new List<(HubConnection Connection, Queue<string> Subscriptions)>();
        var subscribing = Stopwatch.StartNew();
        for (var c = 0; c < options.AttackerConnections; c++)
        {
            var connection = await ConnectAsync(Attacker, cancellationToken);
            connection.On<JsonElement>("change", _ => Interlocked.Increment(ref _attackerReceived));
            var subscriptions = new Queue<string>();
            for (var s = 0; s < options.AttackerSubscriptions; s++)
            {
                if (await SubscribeAsync(connection, cancellationToken) is { } id)
                {
                    subscriptions.Enqueue(id);
                }
            }

            attackers.Add((connection, subscriptions));
        }

        var webhooks = await CreateWebhooksAsync(cancellationToken);
        var held = attackers.Sum(a => a.Subscriptions.Count);
        output.WriteLine($"attacker: {attackers.Count} connections, {held} subscriptions and {webhooks} webhooks accepted, {_rejections.Count} rejected, in {subscribing.Elapsed.TotalSeconds:F1} s");
        foreach (var rejection in _rejections.Distinct().Take(5))
        {
            output.WriteLine($"  rejected: {rejection}");
        }

        using var stopAttacker = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var attackerWriter = Task.Run(() => AttackerWriterAsync(collection, attackers, stopAttacker.Token), CancellationToken.None);
        phases.Add(await PhaseAsync("attacker warm-up", options.WarmupSeconds, cancellationToken));
        phases.Add(await PhaseAsync("attacker", options.DurationSeconds, cancellationToken));
        await stopAttacker.CancelAsync();
        await stopVictim.CancelAsync();
        await Task.WhenAll(attackerWriter, victimWriter);
        // Let the last deliveries arrive (a victim write is late when it is still missing 10 s after the writes stop).
        await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken);

        var document = AttackerDocument(0);
        output.WriteLine($"load average at end {LoadAverage()}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"victim: 1 subscription (fullDocument.kind = 'ping'), {options.VictimRate} writes/s of ~{VictimDocument("x", 0).ToBson().Length} B; attacker: {held} subscriptions on {options.AttackerConnections} connection(s) and {webhooks} webhooks, {options.AttackerRate} writes/s of {document.ToBson().Length / 1024.0:F0} KiB ({options.AttackerStrings} strings x {options.AttackerStringLength} chars, {options.AttackerItems} array items), kinds {options.AttackerKinds}, churn {options.AttackerChurn} fresh filters per write, attacker deliveries {Interlocked.Read(ref _attackerReceived)}"));
        output.WriteLine("| phase | s | victim writes | victim received | p50 ms | p95 ms | p99 ms | max ms | attacker writes | budget_exceeded (+) | gateway CPU | load avg (1 min) |");
        output.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var p in phases)
        {
            var latencies = _latencies.TryGetValue(p.Name, out var bag) ? bag.Order().ToArray() : [];
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {p.Name} | {p.Seconds:F0} | {_victimWrites.GetValueOrDefault(p.Name)} | {latencies.Length} | {P(latencies, 0.50)} | {P(latencies, 0.95)} | {P(latencies, 0.99)} | {P(latencies, 1)} | {_attackerWrites.GetValueOrDefault(p.Name)} | {p.BudgetExceeded} | {p.GatewayCpu} | {p.Load} |"));
        }

        foreach (var (connection, _) in attackers)
        {
            await connection.DisposeAsync();
        }

        return 0;
    }

    private async Task<PhaseSample> PhaseAsync(string name, int seconds, CancellationToken cancellationToken)
    {
        _phase = name;
        var load = LoadAverage().Split(' ')[0];
        var before = ProcessSample.Read(options.GatewayPid);
        var budgetBefore = await BudgetExceededAsync(cancellationToken);
        var watch = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(seconds), cancellationToken);
        var after = ProcessSample.Read(options.GatewayPid);
        var budgetAfter = await BudgetExceededAsync(cancellationToken);
        var cpu = before is null || after is null ? "n/a" : ProcessSample.CpuPercent(before, after).ToString("F0", CultureInfo.InvariantCulture) + "%";
        var sample = new PhaseSample(name, watch.Elapsed.TotalSeconds, cpu, budgetAfter is { } a && budgetBefore is { } b ? (a - b).ToString(CultureInfo.InvariantCulture) : "n/a", $"{load}→{LoadAverage().Split(' ')[0]}");
        output.WriteLine($"{name}: done ({_victimWrites.GetValueOrDefault(name)} victim writes, {_attackerWrites.GetValueOrDefault(name)} attacker writes, budget_exceeded +{sample.BudgetExceeded}, gateway CPU {cpu}, load {sample.Load})");
        return sample;
    }

    private async Task VictimWriterAsync(IMongoCollection<BsonDocument> collection, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1.0 / options.VictimRate));
        var seq = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var phase = _phase;
                await collection.InsertOneAsync(VictimDocument(phase, seq++), cancellationToken: cancellationToken);
                _victimWrites.AddOrUpdate(phase, 1, (_, n) => n + 1);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task AttackerWriterAsync(IMongoCollection<BsonDocument> collection, List<(HubConnection Connection, Queue<string> Subscriptions)> attackers, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1.0 / options.AttackerRate));
        var seq = 0;
        var template = AttackerDocument(0);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var phase = _phase;
                var document = template.DeepClone().AsBsonDocument;
                document["seq"] = seq++;
                await collection.InsertOneAsync(document, cancellationToken: cancellationToken);
                _attackerWrites.AddOrUpdate(phase, 1, (_, n) => n + 1);
                for (var k = 0; k < options.AttackerChurn; k++)
                {
                    var (connection, subscriptions) = attackers[(seq + k) % attackers.Count];
                    if (subscriptions.Count > 0)
                    {
                        await connection.InvokeAsync<JsonElement>("Unsubscribe", subscriptions.Dequeue(), cancellationToken);
                    }

                    if (await SubscribeAsync(connection, cancellationToken) is { } id)
                    {
                        subscriptions.Enqueue(id);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>The attacker's webhooks: the same filter kinds through the REST API (the URL is never called: nothing matches).</summary>
    private async Task<int> CreateWebhooksAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = options.Gateway };
        http.DefaultRequestHeaders.Authorization = new("Bearer", Jwt.Create(options, Attacker, TimeSpan.FromHours(2)));
        var created = 0;
        for (var w = 0; w < options.AttackerWebhooks; w++)
        {
            var filter = NextFilter();
            using var response = await http.PostAsJsonAsync("/api/webhooks", new { url = "http://127.0.0.1:9/never-called", collections = new[] { options.Collection }, filter }, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                created++;
                continue;
            }

            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            lock (_rejections)
            {
                _rejections.Add($"webhook {filter}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 300)]}");
            }
        }

        return created;
    }

    private string NextFilter()
    {
        var n = Interlocked.Increment(ref _filterSerial);
        var kinds = options.AttackerKinds.Split(',').Select(int.Parse).ToArray();
        return string.Format(CultureInfo.InvariantCulture, Kinds[kinds[n % kinds.Length]], n);
    }

    private async Task<string?> SubscribeAsync(HubConnection connection, CancellationToken cancellationToken)
    {
        var filter = NextFilter();
        try
        {
            var response = await connection.InvokeAsync<JsonElement>("Subscribe", new { collection = options.Collection, filter }, cancellationToken);
            return response.GetProperty("subscriptionId").GetString();
        }
        catch (HubException ex)
        {
            lock (_rejections)
            {
                _rejections.Add($"{filter}: {ex.Message}");
            }

            return null;
        }
    }

    private async Task<HubConnection> ConnectAsync(string tenant, CancellationToken cancellationToken)
    {
        var token = Jwt.Create(options, tenant, TimeSpan.FromHours(2));
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(options.Gateway, "/hubs/changes"), o =>
            {
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
            })
            .Build();
        connection.ServerTimeout = TimeSpan.FromSeconds(60);
        connection.HandshakeTimeout = TimeSpan.FromSeconds(60);
        await connection.StartAsync(cancellationToken);
        return connection;
    }

    private void OnVictimChange(JsonElement change)
    {
        var now = DateTime.UtcNow.Ticks;
        if (change.TryGetProperty("fullDocument", out var doc) && doc.TryGetProperty("sentAt", out var sentAt) && doc.TryGetProperty("phase", out var phase))
        {
            _latencies.GetOrAdd(phase.GetString()!, _ => []).Add((now - sentAt.GetInt64()) / (double)TimeSpan.TicksPerMillisecond);
        }
    }

    private static BsonDocument VictimDocument(string phase, int seq) => new()
    {
        { "tenantId", Victim }, { "kind", "ping" }, { "phase", phase }, { "seq", seq }, { "sentAt", DateTime.UtcNow.Ticks },
    };

    /// <summary>Strings of the letters a-d (every regex above scans them to the end) and a big array of small documents.</summary>
    private BsonDocument AttackerDocument(int seq)
    {
        var random = new Random(11);
        string Text(int length) => new([.. Enumerable.Range(0, length).Select(_ => (char)('a' + random.Next(4)))]);
        return new BsonDocument
        {
            { "tenantId", Attacker }, { "kind", "junk" }, { "seq", seq },
            { "s", new BsonArray(Enumerable.Range(0, options.AttackerStrings).Select(_ => Text(options.AttackerStringLength))) },
            { "items", new BsonArray(Enumerable.Range(0, options.AttackerItems).Select(i => new BsonDocument("k", i))) },
        };
    }

    private async Task<long?> BudgetExceededAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var http = new HttpClient { BaseAddress = options.Gateway, Timeout = TimeSpan.FromSeconds(10) };
            var text = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative), cancellationToken);
            var lines = text.Split('\n').Where(l => l.StartsWith("pushgateway_query_budget_exceeded", StringComparison.Ordinal)).ToList();
            return lines.Sum(l => (long)double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static string P(double[] sorted, double q) => sorted.Length == 0 ? "n/a"
        : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))].ToString("F1", CultureInfo.InvariantCulture);

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private sealed record PhaseSample(string Name, double Seconds, string GatewayCpu, string BudgetExceeded, string Load);
}
