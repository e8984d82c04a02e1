namespace PushGateway.Query.Tests;

public class FilterDepthTests
{
    private static string Nested(int levels) => string.Concat(Enumerable.Repeat("{\"a\":", levels)) + "1" + new string('}', levels);

    [Fact]
    public void ParseJson_LiteralNestedPastBsonLimit_RefusedWithBadValue()
    {
        var result = MqlFilter.ParseJson(Nested(120));

        Assert.False(result.IsSuccess);
        Assert.Equal(2, result.Error!.Code);
        Assert.Contains("nested deeper than 100 levels", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseJson_LiteralNestedWithinBsonLimit_ParsesAndPrints()
    {
        var result = MqlFilter.ParseJson(Nested(60));

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.StartsWith("{", result.Filter!.ToString(), StringComparison.Ordinal);
    }
}
