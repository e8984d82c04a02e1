using PushGateway.Auth;

namespace PushGateway.Tests.Auth;

/// <summary>What a tenant id may be.</summary>
public sealed class TenantIdsTests
{
    [Theory]
    [InlineData("acme")]
    [InlineData("tenant-42_eu.west")]
    [InlineData("Zürich AG")]
    [InlineData("株式会社")]
    [InlineData("team 😀")]
    public void Problem_AcceptableTenant_Null(string tenant) => Assert.Null(TenantIds.Problem(tenant));

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("\t", "is empty")]
    [InlineData("*", "reserved")]
    [InlineData("acme\n", "white space")]
    [InlineData("ac\u001fme", "U+001F")]
    [InlineData("ac\u200Bme", "U+200B")]
    public void Problem_UnacceptableTenant_SaysWhy(string tenant, string problem) =>
        Assert.Contains(problem, TenantIds.Problem(tenant), StringComparison.Ordinal);

    [Fact]
    public void Problem_LoneSurrogate_SaysWhichCharacter() =>
        Assert.Contains("U+D800", TenantIds.Problem("ac\uD800me"), StringComparison.Ordinal);

    [Fact]
    public void Problem_LongerThanMaximum_SaysLength() =>
        Assert.Contains("longer than 128", TenantIds.Problem(new string('a', TenantIds.MaxLength + 1)), StringComparison.Ordinal);
}
