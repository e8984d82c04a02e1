using MongoDB.Bson;
using static PushGateway.Query.Tests.TestJson;

namespace PushGateway.Query.Tests;

public class SubscriptionIndexTests
{
    private static List<string> MatchIds(SubscriptionIndex<string> index, string json)
    {
        var matches = new List<string>();
        index.Match(Doc(json), matches);
        matches.Sort(StringComparer.Ordinal);
        return matches;
    }

    [Fact]
    public void Match_IndexedEquality_ReturnsMatchingIds()
    {
        using var index = new SubscriptionIndex<string>();
        index.Add("orders", MqlOf("{'ns.coll': 'orders'}"));
        index.Add("users", MqlOf("{'ns.coll': 'users'}"));
        index.Add("open-orders", MqlOf("{'ns.coll': 'orders', 'fullDocument.status': 'open'}"));

        Assert.Equal(["open-orders", "orders"], MatchIds(index, "{ns: {coll: 'orders'}, fullDocument: {status: 'open'}}"));
        Assert.Equal(["orders"], MatchIds(index, "{ns: {coll: 'orders'}, fullDocument: {status: 'closed'}}"));
    }

    [Fact]
    public void Match_NumericAwareLookup_FindsDifferentNumericTypes()
    {
        using var index = new SubscriptionIndex<string>();
        index.Add("one", MqlOf("{v: 1}"));
        index.Add("in", MqlOf("{v: {$in: [NumberLong(1), 5]}}"));

        Assert.Equal(["in", "one"], MatchIds(index, "{v: NumberDecimal('1.0')}"));
    }

    [Fact]
    public void Match_ArrayValues_ReportEachIdOnce()
    {
        using var index = new SubscriptionIndex<string>();
        index.Add("tag", MqlOf("{tags: {$in: ['a', 'b']}}"));

        Assert.Equal(["tag"], MatchIds(index, "{tags: ['a', 'b', 'a']}"));
    }

    [Fact]
    public void Match_UnindexableFilters_AreScanned()
    {
        using var index = new SubscriptionIndex<string>();
        index.Add("null", MqlOf("{v: null}"));
        index.Add("range", MqlOf("{v: {$gt: 3}}"));
        index.Add("all", Filter.MatchAll);

        Assert.Equal(["all", "null"], MatchIds(index, "{w: 1}"));
        Assert.Equal(["all", "range"], MatchIds(index, "{v: 4}"));
    }

    [Fact]
    public void Add_IdenticalFilters_StoredOnce()
    {
        using var index = new SubscriptionIndex<string>();
        index.Add("a", MqlOf("{x: 1, y: 2}"));
        index.Add("b", MqlOf("{y: 2, x: 1}"));
        index.Add("c", SqlFilter.Parse("x = 1 AND y = 2").Filter!);

        Assert.Equal(3, index.Count);
        Assert.Equal(1, index.DistinctFilterCount);
        Assert.Equal(["a", "b", "c"], MatchIds(index, "{x: 1, y: 2}"));
    }

    [Fact]
    public void Remove_LastIdOfFilter_StopsMatching()
    {
        using var index = new SubscriptionIndex<string>();
        index.Add("a", MqlOf("{x: 1}"));
        index.Add("b", MqlOf("{x: 1}"));
        index.Add("scan", MqlOf("{x: {$gt: 0}}"));

        Assert.True(index.Remove("a"));
        Assert.Equal(["b", "scan"], MatchIds(index, "{x: 1}"));
        Assert.True(index.Remove("b"));
        Assert.True(index.Remove("scan"));
        Assert.False(index.Remove("scan"));
        Assert.Empty(MatchIds(index, "{x: 1}"));
        Assert.Equal(0, index.Count);
        Assert.Equal(0, index.DistinctFilterCount);
    }

    [Fact]
    public void Add_SameIdTwice_ReplacesFilter()
    {
        using var index = new SubscriptionIndex<string>();
        index.Add("a", MqlOf("{x: 1}"));
        index.Add("a", MqlOf("{x: 2}"));

        Assert.Empty(MatchIds(index, "{x: 1}"));
        Assert.Equal(["a"], MatchIds(index, "{x: 2}"));
        Assert.Equal(1, index.Count);
    }

    [Fact]
    public void Match_ConcurrentWithAddRemove_StaysConsistent()
    {
        using var index = new SubscriptionIndex<int>();
        for (var i = 0; i < 100; i++)
        {
            index.Add(i, MqlOf("{x: " + (i % 10) + "}"));
        }

        var document = Doc("{x: 3}");
        var failures = 0;
        Parallel.Invoke(
            () =>
            {
                for (var i = 100; i < 2000; i++)
                {
                    index.Add(i, MqlOf("{y: " + i + "}"));
                    index.Remove(i);
                }
            },
            () =>
            {
                for (var n = 0; n < 2000; n++)
                {
                    var matches = new List<int>();
                    index.Match(document, matches);
                    if (matches.Count != 10 || matches.Any(id => id % 10 != 3))
                    {
                        Interlocked.Increment(ref failures);
                    }
                }
            });

        Assert.Equal(0, failures);
    }
}
