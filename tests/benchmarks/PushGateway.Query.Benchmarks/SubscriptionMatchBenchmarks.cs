using BenchmarkDotNet.Attributes;
using MongoDB.Bson;

namespace PushGateway.Query.Benchmarks;

/// <summary>
/// Matching one event against N subscriptions: the subscription index vs evaluating every filter.
/// "Indexable": every filter has equality/$in conditions (collection, tenant, status).
/// "ScanHeavy": half the filters have only range/regex/negated conditions, which must be scanned.
/// </summary>
public class SubscriptionMatchBenchmarks
{
    private static readonly string[] Collections = ["orders", "users", "invoices", "shipments", "products", "carts", "reviews", "payments"];
    private static readonly string[] Statuses = ["new", "paid", "shipped", "delivered", "cancelled"];

    private SubscriptionIndex<int> _index = null!;
    private Filter[] _filters = [];
    private BsonDocument _event = null!;
    private readonly List<int> _matches = [];

    [Params(1_000, 10_000, 100_000)]
    public int Subscriptions { get; set; }

    [Params("Indexable", "ScanHeavy")]
    public string Mix { get; set; } = "Indexable";

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var tenants = Math.Max(10, Subscriptions / 20);
        _filters = new Filter[Subscriptions];
        _index = new SubscriptionIndex<int>();
        for (var i = 0; i < Subscriptions; i++)
        {
            var collection = Collections[random.Next(Collections.Length)];
            var tenant = "tenant-" + random.Next(tenants);
            var text = (Mix == "ScanHeavy" && i % 2 == 1)
                ? random.Next(3) switch
                {
                    0 => $"full_document.total > {random.Next(1000)}",
                    1 => $"full_document.customer.name LIKE '{(char)('A' + random.Next(26))}%'",
                    _ => $"operation_type != 'delete' AND full_document.total < {random.Next(1000)}",
                }
                : random.Next(3) switch
                {
                    0 => $"ns.coll = '{collection}' AND full_document.tenantId = '{tenant}'",
                    1 => $"ns.coll = '{collection}' AND full_document.tenantId = '{tenant}' AND full_document.status IN ('{Statuses[random.Next(5)]}', '{Statuses[random.Next(5)]}')",
                    _ => $"full_document.tenantId = '{tenant}' AND full_document.total >= {random.Next(500)}",
                };
            var filter = SqlFilter.Parse(text).Filter!;
            _filters[i] = filter;
            _index.Add(i, filter);
        }

        _event = SampleEvents.OrderUpdate(tenant: "tenant-3");
        if (Linear() != Indexed())
        {
            throw new InvalidOperationException("index and linear evaluation disagree");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _index.Dispose();

    [Benchmark(Baseline = true)]
    public int Linear()
    {
        _matches.Clear();
        for (var i = 0; i < _filters.Length; i++)
        {
            if (_filters[i].Matches(_event))
            {
                _matches.Add(i);
            }
        }

        return _matches.Count;
    }

    [Benchmark]
    public int Indexed()
    {
        _matches.Clear();
        _index.Match(_event, _matches);
        return _matches.Count;
    }
}
