namespace PushGateway.Query.Tests;

public class FilterDepthTests
{
    private static string Nested(int levels) => string.Concat(Enumerable.Repeat("{\"a\":", levels)) + "1" + new string('}', levels);

    [Fact]
    public void ParseJson_LiteralNestedPastBsonLimit_RefusedWithBadValue()
    {
        var result = MqlFilter.ParseJson(Nested(120), QueryLimits.Untrusted);

        Assert.False(result.IsSuccess);
        Assert.Equal(2, result.Error!.Code);
        Assert.Contains("nested deeper than 100 levels", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseJson_LiteralNestedWithinBsonLimit_ParsesAndPrints()
    {
        var result = MqlFilter.ParseJson(Nested(60), QueryLimits.Untrusted);

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.StartsWith("{", result.Filter!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ParseJson_DeepArrayLiteralInOr_RefusedNotThrown()
    {
        // Canonicalizing $or keys each branch: a branch nested past the writer's default depth must not throw.
        var deep = string.Concat(Enumerable.Repeat("[", 120)) + "1" + new string(']', 120);
        var result = MqlFilter.ParseJson("{\"$or\": [{\"a\": " + deep + "}, {\"b\": 1}]}", QueryLimits.Untrusted);

        Assert.False(result.IsSuccess);
        Assert.Contains("nested deeper than 100 levels", result.Error!.Message, StringComparison.Ordinal);
    }
}
