using MongoDB.Bson;
using static PushGateway.Query.Tests.TestJson;

namespace PushGateway.Query.Tests;

public class FilterTests
{
    [Fact]
    public void Matches_ImplicitEquality_MatchesEqualField()
    {
        var filter = MqlOf("{status: 'A'}");

        Assert.True(filter.Matches(Doc("{status: 'A'}")));
        Assert.False(filter.Matches(Doc("{status: 'B'}")));
        Assert.False(filter.Matches(Doc("{}")));
    }

    [Fact]
    public void MatchAll_AnyDocument_Matches()
    {
        Assert.True(Filter.MatchAll.Matches(Doc("{a: 1}")));
        Assert.Equal("{ }", Filter.MatchAll.ToBsonDocument().ToString());
    }

    [Fact]
    public void And_TenantAndClientFilter_RequiresBoth()
    {
        var tenant = MqlOf("{tenantId: 't1'}");
        var client = MqlOf("{$or: [{tenantId: 't2'}, {status: 'open'}]}");

        var combined = Filter.And(tenant, client);

        Assert.True(combined.Matches(Doc("{tenantId: 't1', status: 'open'}")));
        Assert.False(combined.Matches(Doc("{tenantId: 't2', status: 'open'}")));
        Assert.False(combined.Matches(Doc("{tenantId: 't1', status: 'closed'}")));
    }

    [Fact]
    public void CanonicalKey_ReorderedAndBranches_AreEqual()
    {
        var a = MqlOf("{$and: [{b: 2}, {a: 1}]}");
        var b = MqlOf("{a: 1, b: 2}");
        var c = MqlOf("{a: {$eq: 1}, $and: [{b: 2}, {a: 1}]}");

        Assert.Equal(a.CanonicalKey, b.CanonicalKey);
        Assert.Equal(a.CanonicalKey, c.CanonicalKey);
    }

    [Theory]
    [InlineData("{a: {$in: [2, 1, 2]}}", "{a: {$in: [1, 2]}}")]
    [InlineData("{a: {$in: [1]}}", "{a: 1}")]
    [InlineData("{a: {$nin: [1]}}", "{a: {$ne: 1}}")]
    [InlineData("{a: {$in: [/b/, 'x', /a/]}}", "{a: {$in: ['x', /a/, /b/]}}")]
    [InlineData("{$or: [{b: 1}, {a: 1}, {a: 1}]}", "{$or: [{a: 1}, {b: 1}]}")]
    public void CanonicalKey_EquivalentForms_AreEqual(string x, string y)
    {
        Assert.Equal(MqlOf(y).CanonicalKey, MqlOf(x).CanonicalKey);
    }

    [Fact]
    public void CanonicalKey_DifferentFilters_Differ()
    {
        Assert.NotEqual(MqlOf("{a: 1}").CanonicalKey, MqlOf("{a: 2}").CanonicalKey);
        Assert.NotEqual(MqlOf("{a: 1}").CanonicalKey, MqlOf("{a: '1'}").CanonicalKey);
    }

    [Fact]
    public void ToBsonDocument_OperatorsOnOnePath_RendersMergedCanonicalForm()
    {
        var filter = MqlOf("{qty: {$lt: 30, $gt: 10}, status: 'A'}");

        Assert.Equal(Doc("{qty: {$gt: 10, $lt: 30}, status: {$eq: 'A'}}"), filter.ToBsonDocument());
    }

    [Fact]
    public void ToBsonDocument_RoundTrip_ParsesToSameKey()
    {
        var filter = MqlOf("{a: {$nin: [1, /x/]}, b: {$not: {$gt: 3}}, c: {$exists: false}, d: {$elemMatch: {$gte: 1, $lt: 2}}, e: {$all: [1, 2]}, $nor: [{f: 1}]}");

        var reparsed = MqlFilter.Parse(filter.ToBsonDocument()).Filter!;

        Assert.Equal(filter.CanonicalKey, reparsed.CanonicalKey);
    }

    [Fact]
    public void Matches_NullDocument_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => Filter.MatchAll.Matches(null!));
    }

    [Fact]
    public void Matches_ConcurrentCalls_GiveSameResults()
    {
        var filter = MqlOf("{a: {$in: [1, 2, 3]}, b: /^x/}");
        var doc = Doc("{a: 2, b: 'xyz'}");

        var results = new bool[1000];
        Parallel.For(0, results.Length, i => results[i] = filter.Matches(doc));

        Assert.All(results, Assert.True);
    }

    [Fact]
    public void Matches_RegexValueInEq_ComparesRegexValues()
    {
        var filter = MqlFilter.Parse(new BsonDocument("a", new BsonDocument("$eq", new BsonRegularExpression("x", "i")))).Filter!;

        Assert.True(filter.Matches(new BsonDocument("a", new BsonRegularExpression("x", "i"))));
        Assert.False(filter.Matches(Doc("{a: 'x'}")));
    }
}
