using MongoDB.Bson;

namespace PushGateway.EmbeddedMongo.Diagnostics;

/// <summary>Operation counts and total latency (microseconds) of one namespace, as <c>$collStats.latencyStats</c> reports them.</summary>
internal sealed class LatencyStats
{
    private readonly long[] _latency = new long[4];
    private readonly long[] _ops = new long[4];

    public void Record(int kind, long micros)
    {
        Interlocked.Add(ref _latency[kind], micros);
        Interlocked.Increment(ref _ops[kind]);
    }

    public BsonDocument ToDocument() => new()
    {
        { "reads", Entry(OperationRegistry.Reads) },
        { "writes", Entry(OperationRegistry.Writes) },
        { "commands", Entry(OperationRegistry.Commands) },
        { "transactions", Entry(OperationRegistry.Transactions) },
    };

    private BsonDocument Entry(int kind) => new()
    {
        { "latency", Interlocked.Read(ref _latency[kind]) },
        { "ops", Interlocked.Read(ref _ops[kind]) },
    };
}
