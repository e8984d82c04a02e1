using MongoDB.Bson;
using static PushGateway.Query.Tests.TestJson;

namespace PushGateway.Query.Tests;

/// <summary>Patterns the linear-time engine cannot run are refused with the construct and its position (a deliberate difference from MongoDB).</summary>
public class RegexSafetyTests
{
    [Theory]
    [InlineData(@"^(a+)+\1$", "backreference (\\1) at character 7")]
    [InlineData(@"(?<x>a)\k<x>", "named backreference (\\k) at character 8")]
    [InlineData(@"foo(?=bar)", "lookahead ((?=) at character 4")]
    [InlineData(@"foo(?!bar)", "lookahead ((?!) at character 4")]
    [InlineData(@"(?<=a)b", "lookbehind ((?<=) at character 1")]
    [InlineData(@"(?<!a)b", "lookbehind ((?<!) at character 1")]
    [InlineData(@"(?>a+)b", "atomic group ((?>) at character 1")]
    [InlineData(@"a++b", "possessive quantifier (+ after a quantifier) at character 3")]
    [InlineData(@"a{2,3}+", "possessive quantifier (+ after a quantifier) at character 7")]
    [InlineData(@"(a)?(?(1)b|c)", "conditional ((?() at character 5")]
    public void Parse_NonLinearPattern_RefusedWithConstructAndPosition(string pattern, string expected)
    {
        var result = MqlFilter.Parse(new BsonDocument("fullDocument.name", new BsonDocument("$regex", pattern)), QueryLimits.Untrusted);

        Assert.False(result.IsSuccess);
        Assert.Equal(2, result.Error!.Code);
        Assert.Equal("fullDocument.name.$regex", result.Error.Path);
        Assert.Contains(expected, result.Error.Message, StringComparison.Ordinal);
        Assert.Contains("/" + pattern + "/", result.Error.Message, StringComparison.Ordinal);
        Assert.Contains("deliberate difference from MongoDB", result.Error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(@"[\1(?=]x")]
    [InlineData(@"a\+\+")]
    [InlineData(@"(?:ab)+c")]
    [InlineData(@"(?<name>a)b")]
    [InlineData(@"(?i)acme")]
    [InlineData(@"a*?b+?")]
    public void Parse_LinearPatternThatLooksSimilar_Accepted(string pattern)
    {
        var result = MqlFilter.Parse(new BsonDocument("a", new BsonRegularExpression(pattern)), QueryLimits.Untrusted);

        Assert.True(result.IsSuccess, result.Error?.Message);
    }

    [Fact]
    public void Parse_BackreferenceInRegexLiteralOrInList_Refused()
    {
        Assert.False(MqlFilter.ParseJson("{\"a\": {\"$in\": [1, /(a)\\1/]}}", QueryLimits.Untrusted).IsSuccess);
        Assert.False(MqlFilter.ParseJson("{\"a\": {\"$not\": /(?=x)/}}", QueryLimits.Untrusted).IsSuccess);
        Assert.False(MqlFilter.ParseJson("{\"a\": {\"$elemMatch\": {\"$regex\": \"(a)\\\\1\"}}}", QueryLimits.Untrusted).IsSuccess);
    }

    [Fact]
    public void Parse_AutomatonTooLarge_RefusedAsTooComplex()
    {
        var result = MqlFilter.Parse(new BsonDocument("a", new BsonRegularExpression("(" + string.Join("|", Enumerable.Range(0, 60).Select(i => (char)('a' + (i % 4)) + "[abcd]{" + ((i % 15) + 1) + "}")) + "){20}x")), QueryLimits.Untrusted);

        Assert.False(result.IsSuccess);
        Assert.Contains("too complex", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BackreferenceWithDefaultLimits_RunsOnBacktrackingEngineLikeMongod()
    {
        // The embedded server (trusted, default limits) keeps mongod's behaviour; only client filters are refused.
        var filter = MqlFilter.Parse(new BsonDocument("a", new BsonRegularExpression(@"^(\w)\1$"))).Filter!;

        Assert.True(filter.Matches(new BsonDocument("a", "xx")));
        Assert.False(filter.Matches(new BsonDocument("a", "xy")));
    }
}
