using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using PushGateway.Auth;
using PushGateway.Testing;

namespace PushGateway.Tests.Auth;

/// <summary>The tenant claim must be exactly one acceptable string; every other shape is refused with a 403 that says why.</summary>
[Collection(GatewayCollection.Name)]
public sealed class TenantClaimTests(MongoTarget mongo) : IAsyncLifetime
{
    private static readonly Uri Me = new("/api/auth/me", UriKind.Relative);
    private readonly GatewayFactory _factory = new(mongo);

    public static TheoryData<string, string> RefusedShapes => new()
    {
        { "array", "is an array" },
        { "array-of-one", "is an array" },
        { "object", "is a JSON object" },
        { "number", "is a number" },
        { "boolean", "is a boolean" },
        { "empty", "is empty" },
        { "blank", "is empty" },
        { "star", "'*' is reserved" },
        { "too-long", $"longer than {TenantIds.MaxLength} characters" },
        { "control-character", "non-printable character (U+0001) at position 3" },
        { "line-break", "non-printable character (U+2028)" },
        { "padded", "starts or ends with white space" },
    };

    [Theory]
    [MemberData(nameof(RefusedShapes))]
    public async Task Me_TenantClaimShape_403SaysWhy(string shape, string reason)
    {
        using var response = await MeAsync(ShapedTokens.Create(new Dictionary<string, object> { ["tenant_id"] = Shape(shape) }));

        await AssertForbiddenAsync(response, reason);
    }

    [Fact]
    public async Task Me_AdminTokenWithStarTenant_403()
    {
        using var response = await MeAsync(ShapedTokens.Create(new Dictionary<string, object> { ["tenant_id"] = "*", ["scope"] = "pushgateway.admin" }));

        await AssertForbiddenAsync(response, "'*' is reserved");
    }

    [Fact]
    public async Task Me_TenantOfMaximumLengthWithUnicode_Accepted()
    {
        // 128 UTF-16 characters, including an accented letter and an emoji (a surrogate pair).
        var tenant = "é" + new string('t', TenantIds.MaxLength - 3) + "😀";

        using var response = await MeAsync(ShapedTokens.Create(new Dictionary<string, object> { ["tenant_id"] = tenant }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(tenant, body.GetProperty("tenantId").GetString());
    }

    [Fact]
    public async Task Me_NoTenantClaim_403SaysWhichClaimIsMissing()
    {
        using var response = await MeAsync(ShapedTokens.Create(new Dictionary<string, object> { ["scope"] = "read" }));

        await AssertForbiddenAsync(response, "carries no 'tenant_id' claim");
    }

    [Fact]
    public async Task Me_TenantClaimNameInOtherCase_403SaysWhichClaimIsMissing()
    {
        // Claim names are case-sensitive, also in the slim principal kept after validation: Tenant_Id is not tenant_id.
        using var response = await MeAsync(ShapedTokens.Create(new Dictionary<string, object> { ["Tenant_Id"] = "t1" }));

        await AssertForbiddenAsync(response, "carries no 'tenant_id' claim");
    }

    [Fact]
    public async Task Negotiate_TenantClaimStar_403SaysWhy()
    {
        using var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer", ShapedTokens.Create(new Dictionary<string, object> { ["tenant_id"] = "*" }));

        using var response = await client.PostAsync(new Uri("/hubs/changes/negotiate?negotiateVersion=1", UriKind.Relative), null);

        await AssertForbiddenAsync(response, "'*' is reserved");
    }

    private static object Shape(string shape) => shape switch
    {
        "array" => new[] { "acme", "globex" },
        "array-of-one" => new[] { "acme" },
        "object" => new Dictionary<string, object> { ["id"] = "acme" },
        "number" => 42,
        "boolean" => true,
        "empty" => "",
        "blank" => "   ",
        "star" => "*",
        "too-long" => new string('t', TenantIds.MaxLength + 1),
        "control-character" => "ac\u0001me",
        "line-break" => "ac\u2028me",
        "padded" => " acme",
        _ => throw new ArgumentOutOfRangeException(nameof(shape)),
    };

    private async Task<HttpResponseMessage> MeAsync(string token)
    {
        using var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.GetAsync(Me);
    }

    /// <summary>403 with an RFC 6750 invalid_token challenge and a ProblemDetails body, both saying <paramref name="reason"/>.</summary>
    internal static async Task AssertForbiddenAsync(HttpResponseMessage response, string reason)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Contains("error=\"invalid_token\"", challenge.Parameter, StringComparison.Ordinal);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(reason, body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains(reason.Replace('"', '\''), challenge.Parameter, StringComparison.Ordinal);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();
}
