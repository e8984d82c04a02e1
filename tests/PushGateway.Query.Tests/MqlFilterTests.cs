using MongoDB.Bson;
using static PushGateway.Query.Tests.TestJson;

namespace PushGateway.Query.Tests;

public class MqlFilterTests
{
    [Theory]
    [InlineData("{a: {$foo: 1}}", 2, "unknown operator: $foo", "a.$foo")]
    [InlineData("{$foo: 1}", 2, "unknown top level operator: $foo", "$foo")]
    [InlineData("{$where: 'this.a == 1'}", 2, "$where", "$where")]
    [InlineData("{$text: {$search: 'x'}}", 2, "$text", "$text")]
    [InlineData("{$expr: {$eq: ['$a', 1]}}", 2, "$expr", "$expr")]
    [InlineData("{loc: {$near: [0, 0]}}", 2, "$near", "loc.$near")]
    [InlineData("{$and: [{a: 1}, {b: {$bad: 1}}]}", 2, "unknown operator: $bad", "$and.1.b.$bad")]
    [InlineData("{$or: []}", 2, "$and/$or/$nor must be a nonempty array", "$or")]
    [InlineData("{$or: [1]}", 2, "entries need to be full objects", "$or.0")]
    [InlineData("{a: {$in: 1}}", 2, "$in needs an array", "a.$in")]
    [InlineData("{a: {$nin: 1}}", 2, "$nin needs an array", "a.$nin")]
    [InlineData("{a: {$size: -1}}", 2, "$size may not be negative", "a.$size")]
    [InlineData("{a: {$size: 1.5}}", 2, "$size must be a whole number", "a.$size")]
    [InlineData("{a: {$size: 'x'}}", 2, "$size needs a number", "a.$size")]
    [InlineData("{a: {$mod: [0, 1]}}", 2, "divisor cannot be 0", "a.$mod")]
    [InlineData("{a: {$mod: [1]}}", 2, "not enough elements", "a.$mod")]
    [InlineData("{a: {$mod: [1, 2, 3]}}", 2, "too many elements", "a.$mod")]
    [InlineData("{a: {$type: 'nope'}}", 2, "Unknown type name alias: nope", "a.$type")]
    [InlineData("{a: {$type: 99}}", 2, "Invalid numerical type code", "a.$type")]
    [InlineData("{a: {$type: {}}}", 14, "type must be represented as a number or a string", "a.$type")]
    [InlineData("{a: {$options: 'i'}}", 2, "$options needs a $regex", "a.$options")]
    [InlineData("{a: {$regex: 'x', $options: 'q'}}", 51108, "invalid flag in regex options: q", "a")]
    [InlineData("{a: {$regex: '('}}", 51091, "Regular expression is invalid", "a")]
    [InlineData("{a: {$in: [/(/]}}", 51091, "Regular expression is invalid", "a.$in.0")]
    [InlineData("{a: {$not: {}}}", 2, "$not cannot be empty", "a.$not")]
    [InlineData("{a: {$not: 5}}", 2, "$not needs a regex or a document", "a.$not")]
    [InlineData("{a: {$elemMatch: 5}}", 2, "$elemMatch needs an Object", "a.$elemMatch")]
    [InlineData("{a: {$all: 5}}", 2, "$all needs an array", "a.$all")]
    [InlineData("{a: {$gt: 1, b: 1}}", 2, "unknown operator: b", "a.b")]
    [InlineData("{a: {$ne: /x/}}", 2, "Can't have regex as arg to $ne.", "a.$ne")]
    [InlineData("{a: {$in: [{$gt: 1}]}}", 2, "cannot nest $ under $in", "a.$in.0")]
    [InlineData("{a: {$all: [{$elemMatch: {b: 1}}, 5]}}", 2, "$all/$elemMatch has to be consistent", "a.$all.1")]
    public void ParseJson_InvalidFilter_ReturnsMongoError(string json, int code, string message, string path)
    {
        var error = MqlErrorOf(json);

        Assert.Equal(code, error.Code);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(path, error.Path);
    }

    [Fact]
    public void Parse_RegexOperandNotString_ReturnsBadValue()
    {
        // Built directly: the JSON reader itself rejects {$regex: 1} as a malformed legacy regex.
        var result = MqlFilter.Parse(new BsonDocument("a", new BsonDocument { { "$gt", 0 }, { "$regex", 1 } }));

        Assert.Equal(2, result.Error!.Code);
        Assert.Equal("$regex has to be a string", result.Error.Message);
        Assert.Equal("a.$regex", result.Error.Path);
    }

    [Fact]
    public void ParseJson_MalformedJson_ReturnsFailedToParseWithPosition()
    {
        var error = MqlErrorOf("{\"a\": 1,\n \"b\": }");

        Assert.Equal(9, error.Code);
        Assert.Equal("FailedToParse", error.CodeName);
        Assert.Equal(2, error.Line);
        Assert.NotNull(error.Excerpt);
    }

    [Fact]
    public void ParseJson_CanonicalExtendedJson_ParsesTypedValues()
    {
        var filter = MqlOf("""{"n": {"$numberLong": "5"}, "d": {"$date": {"$numberLong": "0"}}, "o": {"$oid": "5f0000000000000000000001"}}""");

        Assert.True(filter.Matches(Doc("""{n: 5, d: new Date(0), o: ObjectId("5f0000000000000000000001")}""")));
    }

    [Fact]
    public void ParseJson_RelaxedExtendedJsonRegex_MatchesPattern()
    {
        var filter = MqlOf("""{"name": {"$regularExpression": {"pattern": "^al", "options": "i"}}}""");

        Assert.True(filter.Matches(Doc("{name: 'Alice'}")));
        Assert.False(filter.Matches(Doc("{name: 'Bob'}")));
    }

    [Fact]
    public void Parse_TooManyInValues_ReturnsLimitError()
    {
        var limits = new QueryLimits { MaxInSize = 3 };

        var result = MqlFilter.Parse(Doc("{a: {$in: [1, 2, 3, 4]}}"), limits);

        Assert.False(result.IsSuccess);
        Assert.Contains("more than the limit of 3", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TooDeep_ReturnsLimitError()
    {
        var limits = new QueryLimits { MaxDepth = 3 };

        var result = MqlFilter.Parse(Doc("{$and: [{$and: [{$and: [{$and: [{$and: [{a: 1}]}]}]}]}]}"), limits);

        Assert.False(result.IsSuccess);
        Assert.Contains("depth", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TooManyClauses_ReturnsLimitError()
    {
        var limits = new QueryLimits { MaxClauses = 2 };

        var result = MqlFilter.Parse(Doc("{a: 1, b: 2, c: 3}"), limits);

        Assert.False(result.IsSuccess);
        Assert.Contains("clauses", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_PatternTooLong_ReturnsLimitError()
    {
        var limits = new QueryLimits { MaxPatternLength = 4 };

        var result = MqlFilter.Parse(Doc("{a: /abcdef/}"), limits);

        Assert.False(result.IsSuccess);
        Assert.Contains("too long", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RegexFactory_AnyAcceptedPattern_UsesLinearEngineWithoutTimeout()
    {
        // A timeout would only fire when the thread is descheduled under load, turning real matches into misses at random.
        Assert.True(Mql.RegexFactory.TryCreate("^acme", "i", QueryLimits.Default, "a", out var linear, out _));

        Assert.Equal(System.Text.RegularExpressions.Regex.InfiniteMatchTimeout, linear!.Regex.MatchTimeout);
        Assert.True((linear.Regex.Options & System.Text.RegularExpressions.RegexOptions.NonBacktracking) != 0);
    }

    [Fact]
    public void Matches_NestedQuantifierWithoutBackreference_UsesLinearEngine()
    {
        var filter = MqlOf("{a: /^(a+)+$/}");

        Assert.False(filter.Matches(new BsonDocument("a", new string('a', 100_000) + "!")));
        Assert.True(filter.Matches(new BsonDocument("a", new string('a', 100))));
    }
}
