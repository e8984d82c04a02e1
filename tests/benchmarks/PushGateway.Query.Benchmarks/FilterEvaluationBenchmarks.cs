using BenchmarkDotNet.Attributes;
using MongoDB.Bson;

namespace PushGateway.Query.Benchmarks;

/// <summary>One evaluation of a compiled filter against one change event.</summary>
public class FilterEvaluationBenchmarks
{
    private readonly BsonDocument _event = SampleEvents.OrderUpdate();
    private readonly Filter _simple = MqlFilter.ParseJson("""{"ns.coll": "orders", "operationType": "update"}""").Filter!;
    private readonly Filter _complex = SqlFilter.Parse(
        "ns.coll = 'orders' AND full_document.tenantId = 'tenant-17' AND full_document.status IN ('paid', 'shipped', 'delivered') "
        + "AND full_document.total >= 100 AND (full_document.customer.tier = 'gold' OR full_document.items.sku = 'Z-9') "
        + "AND NOT full_document.tags = 'test' AND CHANGED('status')").Filter!;
    private readonly Filter _regex = MqlFilter.ParseJson("""{"fullDocument.customer.name": {"$regex": "^acme", "$options": "i"}}""").Filter!;

    [GlobalSetup]
    public void Setup()
    {
        // Every filter must match so each benchmark measures a full evaluation.
        if (!_simple.Matches(_event) || !_complex.Matches(_event) || !_regex.Matches(_event))
        {
            throw new InvalidOperationException("benchmark filters must match the sample event");
        }
    }

    [Benchmark]
    public bool Simple() => _simple.Matches(_event);

    [Benchmark]
    public bool Complex() => _complex.Matches(_event);

    [Benchmark]
    public bool Regex() => _regex.Matches(_event);
}
