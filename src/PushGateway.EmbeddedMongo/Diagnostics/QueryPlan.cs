using MongoDB.Bson;
using PushGateway.EmbeddedMongo.Storage;
using PushGateway.Query;

namespace PushGateway.EmbeddedMongo.Diagnostics;

/// <summary>
/// How <see cref="DocumentMatcher"/> answers a filter — the <c>_id</c> index (IDHACK), a secondary index (IXSCAN) or a
/// collection scan — with the keys and documents it looks at, for <c>explain</c>. Callers hold the store lock.
/// </summary>
internal sealed class QueryPlan
{
    private QueryPlan(string stage, IndexState? index, int keysExamined, int docsExamined, List<KeyValuePair<long, BsonDocument>> matches)
    {
        Stage = stage;
        Index = index;
        KeysExamined = keysExamined;
        DocsExamined = docsExamined;
        Matches = matches;
    }

    /// <summary>EOF (no collection), IDHACK, IXSCAN or COLLSCAN.</summary>
    public string Stage { get; }

    public IndexState? Index { get; }

    public int KeysExamined { get; }

    public int DocsExamined { get; }

    /// <summary>Every matching document in natural order.</summary>
    public List<KeyValuePair<long, BsonDocument>> Matches { get; }

    public static QueryPlan Analyze(CollectionState? c, BsonDocument? filterSpec, Filter filter)
    {
        if (c is null)
        {
            return new QueryPlan("EOF", null, 0, 0, []);
        }

        var matches = DocumentMatcher.Match(c, filterSpec, filter);
        if (filterSpec is not null && filterSpec.TryGetValue("_id", out var id) && DocumentMatcher.IsPlainValue(id))
        {
            var found = c.TryFindById(id, out _, out _) ? 1 : 0;
            return new QueryPlan("IDHACK", c.Indexes[0], found, found, matches);
        }

        if (filterSpec is not null && IndexPlanner.Candidates(c, filterSpec, out var index) is { } candidates)
        {
            return new QueryPlan("IXSCAN", index, candidates.Count, candidates.Count, matches);
        }

        return new QueryPlan("COLLSCAN", null, 0, c.Count, matches);
    }

    /// <summary>The access stage of <c>winningPlan</c> (FETCH over IXSCAN, IDHACK, COLLSCAN or EOF), with execution counts when asked.</summary>
    public BsonDocument AccessStage(BsonDocument? filterSpec, bool withStats)
    {
        var filter = filterSpec is { ElementCount: > 0 } ? filterSpec : null;
        BsonDocument stage;
        switch (Stage)
        {
            case "IXSCAN":
                var scan = new BsonDocument
                {
                    { "stage", "IXSCAN" },
                    { "keyPattern", Index!.Key },
                    { "indexName", Index.Name },
                    { "isMultiKey", Index.Multikey },
                    { "isUnique", Index.Unique },
                    { "isSparse", Index.Sparse },
                    { "isPartial", false },
                    { "indexVersion", 2 },
                    { "direction", "forward" },
                };
                stage = new BsonDocument("stage", "FETCH");
                if (filter is not null)
                {
                    stage["filter"] = filter;
                }

                if (withStats)
                {
                    scan["nReturned"] = KeysExamined;
                    scan["keysExamined"] = KeysExamined;
                    stage["nReturned"] = Matches.Count;
                    stage["docsExamined"] = DocsExamined;
                }

                stage["inputStage"] = scan;
                break;
            case "COLLSCAN":
                stage = new BsonDocument("stage", "COLLSCAN");
                if (filter is not null)
                {
                    stage["filter"] = filter;
                }

                stage["direction"] = "forward";
                if (withStats)
                {
                    stage["nReturned"] = Matches.Count;
                    stage["docsExamined"] = DocsExamined;
                }

                break;
            default:
                stage = new BsonDocument("stage", Stage);
                if (withStats)
                {
                    stage["nReturned"] = Matches.Count;
                    stage["keysExamined"] = KeysExamined;
                    stage["docsExamined"] = DocsExamined;
                }

                break;
        }

        return stage;
    }
}
