using System.Diagnostics;
using MongoDB.Bson;

namespace PushGateway.Query.Benchmarks;

/// <summary>
/// What one tenant's filters can add to another tenant's write→receive latency: the gateway evaluates each event
/// against its tenant's filters in one pipeline per collection, so another tenant's next event waits at most for the
/// attacker's filters on one attacker event. Measures that wait with the most expensive filters the engine accepts
/// (untrusted limits) on adversarial documents. Run with <c>-- --noisy-neighbor</c>.
/// </summary>
internal static class NoisyNeighborProbe
{
    private const int Events = 20;

    public static void Run()
    {
        var random = new Random(11);
        string Text(int length) => new([.. Enumerable.Range(0, length).Select(_ => (char)('a' + random.Next(4)))]);

        // 100 strings of 1,000 characters (each under a filter's budget), an array of 100,000 small documents.
        var attackerEvent = new BsonDocument
        {
            { "tenantId", "attacker" },
            { "fullDocument", new BsonDocument { { "s", new BsonArray(Enumerable.Range(0, 100).Select(_ => Text(1_000))) }, { "items", new BsonArray(Enumerable.Range(0, 100_000).Select(i => new BsonDocument("k", i))) } } },
        };
        var tenant = MqlFilter.Parse(new BsonDocument("tenantId", "attacker")).Filter!;
        string[] patterns =
        [
            ".*a.{30}e",                           // 2^30-state DFA, held at the engine's state cap ((.*a.{30}){8}e is refused)
            "(a|b|c|d)*a(a|b|c|d){60}e",           // large automaton, linear matching
            "^(a+)+$",                             // the classic (linear here)
        ];

        foreach (var count in new[] { 1, 10, 100 })
        {
            // Fresh filters for every event: each regex builds its automaton lazily from cold, the worst case (a tenant
            // that keeps subscribing new filters).
            Filter[] Fresh() => [.. Enumerable.Range(0, count).Select(i =>
            {
                var pattern = patterns[i % patterns.Length] + new string('x', i / patterns.Length % 2) + (i >= patterns.Length ? "{0," + i + "}" : "");
                var text = i % 4 == 3
                    ? $"fullDocument.items.k = {-i}"
                    : "{\"fullDocument.s\": {\"$regex\": \"" + pattern + "\"}}";
                var parsed = FilterText.Parse(text, QueryLimits.Untrusted);
                return Filter.And(tenant, parsed.Filter ?? throw new InvalidOperationException(text + ": " + parsed.Error!.Message));
            })];

            foreach (var shared in new[] { false, true })
            {
            var waits = new List<double>();
            var cpuWaits = new List<double>();
            for (var e = 0; e < Events; e++)
            {
                // The hub's dispatch shares one budget per tenant and event (GatewayFilter.TenantWorkPerEvent = 1,000,000).
                var budget = new EvaluationBudget(1_000_000);
                var filters = Fresh();
                var watch = Stopwatch.StartNew();
                var cpu = CpuTimeProbe.ThreadCpuNanoseconds();
                foreach (var filter in filters)
                {
                    _ = shared ? filter.Evaluate(attackerEvent, budget) : filter.Evaluate(attackerEvent);
                }

                waits.Add(watch.Elapsed.TotalMilliseconds);
                cpuWaits.Add((CpuTimeProbe.ThreadCpuNanoseconds() - cpu) / 1e6);
            }

            waits.Sort();
            cpuWaits.Sort();
            Console.WriteLine($"{count,3} attacker filters, {(shared ? "shared tenant budget" : "per-filter budget only")}, per attacker event: thread CPU median {cpuWaits[Events / 2],7:F1} ms, max {cpuWaits[^1],7:F1} ms; wall median {waits[Events / 2],7:F1} ms, max {waits[^1],7:F1} ms (budget stops so far: {QueryMetrics.BudgetExceededTotal})");
            }
        }
    }
}
