using MongoDB.Bson;
using PushGateway.Query.Evaluation;

namespace PushGateway.Query.Indexing;

/// <summary>Per-thread buffers for <see cref="SubscriptionIndex{TId}.Match"/>, so matching does not allocate.</summary>
internal sealed class MatchScratch
{
    [ThreadStatic]
    private static MatchScratch? t_current;

    private MatchScratch()
    {
        Collector = new ValueCollector(Values, expandArrays: true);
    }

    public static MatchScratch Current => t_current ??= new MatchScratch();

    public List<BsonValue> Values { get; } = [];

    public ValueCollector Collector { get; }

    public HashSet<object> Seen { get; } = new(ReferenceEqualityComparer.Instance);
}
