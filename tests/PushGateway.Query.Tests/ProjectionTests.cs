using MongoDB.Bson;
using static PushGateway.Query.Tests.TestJson;

namespace PushGateway.Query.Tests;

public class ProjectionTests
{
    private static BsonDocument Project(string spec, string doc)
    {
        Assert.True(Projection.TryParse(Doc(spec), out var projection, out var error), error?.Message);
        return projection!.Apply(Doc(doc));
    }

    [Theory]
    [InlineData("{item: 1, status: 1}", "{_id: 1, item: 'x', status: 'A', qty: 5}", "{_id: 1, item: 'x', status: 'A'}")]
    [InlineData("{item: 1, _id: 0}", "{_id: 1, item: 'x', status: 'A'}", "{item: 'x'}")]
    [InlineData("{status: 0, qty: 0}", "{_id: 1, item: 'x', status: 'A', qty: 5}", "{_id: 1, item: 'x'}")]
    [InlineData("{_id: 0}", "{_id: 1, item: 'x'}", "{item: 'x'}")]
    [InlineData("{_id: 1}", "{_id: 1, item: 'x'}", "{_id: 1}")]
    [InlineData("{}", "{_id: 1, item: 'x'}", "{_id: 1, item: 'x'}")]
    [InlineData("{'size.uom': 1}", "{_id: 1, size: {h: 14, uom: 'cm'}}", "{_id: 1, size: {uom: 'cm'}}")]
    [InlineData("{'size.uom': 0}", "{_id: 1, size: {h: 14, uom: 'cm'}}", "{_id: 1, size: {h: 14}}")]
    [InlineData("{'a.b': 1}", "{_id: 1, a: [{b: 1, c: 2}, 3, [{b: 4}]]}", "{_id: 1, a: [{b: 1}, [{b: 4}]]}")]
    [InlineData("{'a.b': 0}", "{_id: 1, a: [{b: 1, c: 2}, 3]}", "{_id: 1, a: [{c: 2}, 3]}")]
    [InlineData("{'a.b': 1}", "{_id: 1, a: 5}", "{_id: 1}")]
    [InlineData("{'a.b': 1}", "{_id: 1, a: {c: 1}}", "{_id: 1, a: {}}")]
    [InlineData("{b: true, a: 1}", "{_id: 1, a: 1, b: 2, c: 3}", "{_id: 1, a: 1, b: 2}")]
    [InlineData("{x: 1}", "{a: 1}", "{}")]
    public void Apply_Spec_ReturnsProjectedDocument(string spec, string doc, string expected)
    {
        Assert.Equal(Doc(expected), Project(spec, doc));
    }

    [Theory]
    [InlineData("{a: 1, b: 0}", 31254)]
    [InlineData("{a: 0, b: 1}", 31253)]
    [InlineData("{a: 1, 'a.b': 1}", 31250)]
    [InlineData("{'a.b': 1, a: 1}", 31250)]
    [InlineData("{a: {$slice: 1}}", 2)]
    [InlineData("{'a.$': 1}", 2)]
    [InlineData("{a: 'literal'}", 2)]
    public void TryParse_InvalidSpec_ReturnsMongoCode(string spec, int code)
    {
        Assert.False(Projection.TryParse(Doc(spec), out _, out var error));
        Assert.Equal(code, error!.Code);
    }

    [Fact]
    public void IsInclusion_ReflectsMode()
    {
        Assert.True(Projection.TryParse(Doc("{a: 1}"), out var inclusion, out _));
        Assert.True(Projection.TryParse(Doc("{a: 0}"), out var exclusion, out _));

        Assert.True(inclusion!.IsInclusion);
        Assert.False(exclusion!.IsInclusion);
    }

    [Fact]
    public void Apply_ReturnsCopy_SourceUnchanged()
    {
        Assert.True(Projection.TryParse(Doc("{a: 1}"), out var projection, out _));
        var source = Doc("{_id: 1, a: {b: 1}}");

        var result = projection!.Apply(source);
        result["a"]["b"] = 2;

        Assert.Equal(1, source["a"]["b"].AsInt32);
    }
}
