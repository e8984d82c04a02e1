using MongoDB.Bson;
using PushGateway.Query.Ast;

namespace PushGateway.Query.Tests;

/// <summary>
/// Client patterns whose automaton would grow without bound are refused, and a pattern that overran its time gives
/// up the states it built (a deliberate difference from MongoDB: see the README's limits).
/// </summary>
public class RegexGrowthTests
{
    [Theory]
    [InlineData(@"(.*a.{10}){3}e", 1)]
    [InlineData(@"x(.*a.{30}){8}e", 2)]
    [InlineData(@"(a.{5}.*)+", 1)]
    [InlineData(@"((a+)b{2}){2}", 1)]
    [InlineData(@"z((a|b)*c{4,6})*", 2)]
    [InlineData(@"(q(.{3}x+)){2,}", 1)]
    public void Parse_RepeatedGroupWithUnboundedAndCountedRepetition_RefusedWithPosition(string pattern, int position)
    {
        var result = MqlFilter.Parse(new BsonDocument("fullDocument.s", new BsonDocument("$regex", pattern)), QueryLimits.Untrusted);

        Assert.False(result.IsSuccess);
        Assert.Equal(2, result.Error!.Code);
        Assert.Equal("fullDocument.s.$regex", result.Error.Path);
        Assert.Contains($"repeats the group at character {position},", result.Error.Message, StringComparison.Ordinal);
        Assert.Contains("deliberate difference from MongoDB", result.Error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(@"(\d{3}-){2}\d{4}")]
    [InlineData(@"(.*a.*b){3}")]
    [InlineData(@"^[a-f0-9]{24}$")]
    [InlineData(@".*a.{30}e")]
    [InlineData(@"(a|b|c|d)*a(a|b|c|d){60}e")]
    [InlineData(@"(a.{5}.*)?")]
    [InlineData(@"(ab{2,})+")]
    [InlineData(@"[(.*.{3}){2}]")]
    [InlineData(@"\(.*a.{3}\){2}")]
    public void Parse_RepetitionsThatDoNotNest_Accepted(string pattern)
    {
        var result = MqlFilter.Parse(new BsonDocument("a", new BsonRegularExpression(pattern)), QueryLimits.Untrusted);

        Assert.True(result.IsSuccess, result.Error?.Message);
    }

    [Fact]
    public void Parse_NestedCountingWithDefaultLimits_RunsLikeMongod()
    {
        var result = MqlFilter.Parse(new BsonDocument("a", new BsonDocument("$regex", "(.*a.{2}){2}e")), QueryLimits.Default);

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.True(result.Filter!.Matches(new BsonDocument("a", "xaxxyaxxe")));
    }

    [Fact]
    public void Evaluate_MatchOverrunsTimeLimit_BudgetExceededAndAutomatonDropped()
    {
        var filter = MqlFilter.Parse(new BsonDocument("s", new BsonDocument("$regex", ".*a.{20}e")), QueryLimits.Untrusted).Filter!;
        var node = (RegexPredicate)((FieldNode)filter.Root).Predicate;
        var before = node.Regex;
        var random = new Random(7);
        var strings = new BsonArray(Enumerable.Range(0, 20).Select(_ => new string([.. Enumerable.Range(0, 1000).Select(_ => "abcd"[random.Next(4)])])));

        var outcome = filter.Evaluate(new BsonDocument("s", strings), new EvaluationBudget(long.MaxValue, TimeSpan.FromMilliseconds(1)));

        Assert.Equal(MatchOutcome.BudgetExceeded, outcome);
        Assert.NotSame(before, node.Regex);
        Assert.Equal(before.ToString(), node.Regex.ToString());
        Assert.True(filter.Matches(new BsonDocument("s", "xa" + new string('b', 20) + "e")));
    }

    [Fact]
    public void Evaluate_WithinTimeLimit_AutomatonKept()
    {
        var filter = MqlFilter.Parse(new BsonDocument("s", new BsonDocument("$regex", "^ab+c")), QueryLimits.Untrusted).Filter!;
        var node = (RegexPredicate)((FieldNode)filter.Root).Predicate;
        var before = node.Regex;

        var outcome = filter.Evaluate(new BsonDocument("s", "abbbc"), new EvaluationBudget(long.MaxValue, TimeSpan.FromSeconds(30)));

        Assert.Equal(MatchOutcome.Match, outcome);
        Assert.Same(before, node.Regex);
    }
}
