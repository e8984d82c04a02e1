using static PushGateway.Query.Tests.TestJson;

namespace PushGateway.Query.Tests;

public class FilterTextTests
{
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\n\t")]
    public void Parse_Blank_MatchesAll(string text)
    {
        var result = FilterText.Parse(text);

        Assert.True(result.IsSuccess);
        Assert.True(result.Filter!.Matches(Doc("{a: 1}")));
    }

    [Fact]
    public void Parse_LeadingBrace_IsMql()
    {
        var result = FilterText.Parse("  {\"status\": \"A\"}");

        Assert.True(result.IsSuccess);
        Assert.Equal(MqlOf("{status: 'A'}").CanonicalKey, result.Filter!.CanonicalKey);
    }

    [Fact]
    public void Parse_OtherText_IsSql()
    {
        var result = FilterText.Parse("status = 'A'");

        Assert.True(result.IsSuccess);
        Assert.Equal(MqlOf("{status: 'A'}").CanonicalKey, result.Filter!.CanonicalKey);
    }

    [Fact]
    public void Parse_BadMql_ReturnsErrorNotMatchAll()
    {
        var result = FilterText.Parse("{\"a\": {\"$where\": 1}}");

        Assert.False(result.IsSuccess);
        Assert.Null(result.Filter);
    }
}
