using MongoDB.Bson;

namespace PushGateway.EmbeddedMongo.Tests.Unified;

public sealed class UnifiedMatcherTests
{
    private readonly UnifiedMatcher _matcher = new(new EntityMap("mongodb://unused"));

    [Theory]
    [InlineData("{x: 1}", "{x: 1, y: 2}", true)]
    [InlineData("{x: {y: 1}}", "{x: {y: 1, z: 1}}", false)]
    [InlineData("{x: 1}", "{x: 1.0}", true)]
    [InlineData("{x: 1}", "{x: NumberLong(1)}", true)]
    [InlineData("{x: 1}", "{x: 1.5}", false)]
    [InlineData("{x: 1}", "{x: '1'}", false)]
    [InlineData("{x: [1, 2]}", "{x: [1, 2, 3]}", false)]
    [InlineData("{x: {$$exists: false}}", "{y: 1}", true)]
    [InlineData("{x: {$$exists: false}}", "{x: null}", false)]
    [InlineData("{x: {$$exists: true}}", "{x: null}", true)]
    [InlineData("{x: {$$unsetOrMatches: 2}}", "{}", true)]
    [InlineData("{x: {$$unsetOrMatches: 2}}", "{x: 3}", false)]
    [InlineData("{x: {$$type: ['int', 'long']}}", "{x: NumberLong(5)}", true)]
    [InlineData("{x: {$$type: 'string'}}", "{x: 5}", false)]
    [InlineData("{x: {$$type: 'string'}}", "{}", false)]
    public void Match_RootDocument_FollowsUnifiedFormatRules(string expected, string actual, bool matches)
    {
        var problem = _matcher.Match(BsonDocument.Parse(expected), BsonDocument.Parse(actual), isRoot: true);

        Assert.Equal(matches, problem is null);
    }

    [Fact]
    public void Match_UnsetOrMatchesAtRoot_KeepsRootLevelExtraFieldsAllowed()
    {
        var expected = BsonDocument.Parse("{$$unsetOrMatches: {insertedId: 1}}");

        var problem = _matcher.Match(expected, BsonDocument.Parse("{insertedId: 1, other: 2}"), isRoot: true);

        Assert.Null(problem);
    }

    [Fact]
    public void Match_Mismatch_NamesThePath()
    {
        var problem = _matcher.Match(BsonDocument.Parse("{a: {b: [1, 2]}}"), BsonDocument.Parse("{a: {b: [1, 3]}}"), isRoot: true);

        Assert.Contains("$.a.b[1]", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ExactlyEqual_KeyOrderDiffers_IsEqual()
    {
        Assert.True(UnifiedMatcher.ExactlyEqual(BsonDocument.Parse("{a: 1, b: {c: 2}}"), BsonDocument.Parse("{b: {c: 2}, a: 1}")));
    }

    [Fact]
    public void ExactlyEqual_ExtraField_IsNotEqual()
    {
        Assert.False(UnifiedMatcher.ExactlyEqual(BsonDocument.Parse("{a: 1}"), BsonDocument.Parse("{a: 1, b: 2}")));
    }
}
