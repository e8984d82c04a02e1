using MongoDB.Bson;
using static PushGateway.Query.Tests.TestJson;

namespace PushGateway.Query.Tests;

public class BsonPathTests
{
    [Fact]
    public void GetValues_ThroughArrays_ReturnsLeafValuesAndArrays()
    {
        var values = BsonPath.GetValues(Doc("{a: [{b: 1}, {b: [2, 3]}, {c: 1}]}"), "a.b");

        Assert.Equal([new BsonInt32(1), new BsonInt32(2), new BsonInt32(3), new BsonArray { 2, 3 }], values);
    }

    [Fact]
    public void CollectValues_MissingBranch_ReportsMissing()
    {
        var values = new List<BsonValue>();

        var sawMissing = BsonPath.CollectValues(Doc("{a: [{b: 1}, {c: 1}]}"), "a.b", values);

        Assert.True(sawMissing);
        Assert.Single(values);
    }

    [Theory]
    [InlineData("{a: {b: [5, 6]}}", "a.b.1", true, 6)]
    [InlineData("{a: [{b: 7}]}", "a.0.b", true, 7)]
    [InlineData("{a: [{b: 7}]}", "a.b", false, 0)]
    [InlineData("{a: 1}", "a.b", false, 0)]
    public void TryGetValue_StrictPath_FindsSingleValue(string doc, string path, bool found, int expected)
    {
        Assert.Equal(found, BsonPath.TryGetValue(Doc(doc), path, out var value));
        if (found)
        {
            Assert.Equal(expected, value.AsInt32);
        }
    }

    [Theory]
    [InlineData("{}", "a.b.c", "{a: {b: {c: 1}}}")]
    [InlineData("{a: {x: 2}}", "a.b", "{a: {x: 2, b: 1}}")]
    [InlineData("{a: [1]}", "a.3", "{a: [1, null, null, 1]}")]
    [InlineData("{a: [{x: 1}]}", "a.0.b", "{a: [{x: 1, b: 1}]}")]
    [InlineData("{a: 5}", "a", "{a: 1}")]
    public void TrySetValue_Path_CreatesOrReplaces(string doc, string path, string expected)
    {
        var document = Doc(doc);

        Assert.True(BsonPath.TrySetValue(document, path, 1, out var error), error?.Message);
        Assert.Equal(Doc(expected), document);
    }

    [Theory]
    [InlineData("{a: 5}", "a.b", 28)]
    [InlineData("{a: [1]}", "a.b", 28)]
    [InlineData("{}", "a..b", 56)]
    public void TrySetValue_NotViable_ReturnsError(string doc, string path, int code)
    {
        Assert.False(BsonPath.TrySetValue(Doc(doc), path, 1, out var error));
        Assert.Equal(code, error!.Code);
    }

    [Theory]
    [InlineData("{a: {b: 1, c: 2}}", "a.b", true, "{a: {c: 2}}")]
    [InlineData("{a: [1, 2]}", "a.0", true, "{a: [null, 2]}")]
    [InlineData("{a: 1}", "b", false, "{a: 1}")]
    [InlineData("{a: 1}", "a.b", false, "{a: 1}")]
    public void RemoveValue_Path_RemovesLikeUnset(string doc, string path, bool removed, string expected)
    {
        var document = Doc(doc);

        Assert.Equal(removed, BsonPath.RemoveValue(document, path));
        Assert.Equal(Doc(expected), document);
    }

    [Fact]
    public void BsonTypeNames_Aliases_RoundTrip()
    {
        Assert.True(BsonTypeNames.TryGetType("decimal", out var type));
        Assert.Equal(BsonType.Decimal128, type);
        Assert.True(BsonTypeNames.TryGetType(-1, out type));
        Assert.Equal(BsonType.MinKey, type);
        Assert.Equal("int", BsonTypeNames.GetName(BsonType.Int32));
        Assert.Equal(-1, BsonTypeNames.GetNumber(BsonType.MinKey));
        Assert.False(BsonTypeNames.TryGetType("number", out _));
    }
}
