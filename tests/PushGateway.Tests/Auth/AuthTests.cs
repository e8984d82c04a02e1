using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using PushGateway.Testing;

namespace PushGateway.Tests.Auth;

[Collection(GatewayCollection.Name)]
public sealed class AuthTests(MongoTarget mongo) : IAsyncLifetime
{
    private static readonly Uri Me = new("/api/auth/me", UriKind.Relative);
    private readonly GatewayFactory _factory = new(mongo);

    [Fact]
    public async Task ProtectedEndpoint_NoToken_Returns401()
    {
        using var client = _factory.CreateClient();

        var response = await client.GetAsync(Me);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ProtectedEndpoint_NoToken_BearerChallengeWithoutErrorAndProblemDetails()
    {
        using var client = _factory.CreateClient();

        using var response = await client.GetAsync(Me);

        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).ToString());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("A bearer token is required", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    public static TheoryData<string, string> InvalidTokens => new()
    {
        { "expired", "The token expired at" },
        { "wrong-signature", "signature is invalid" },
        { "wrong-audience", $"audience (aud) is not '{GatewayFactory.Audience}'" },
        { "wrong-issuer", "issuer (iss)" },
        { "garbage", "not a well-formed JWT" },
    };

    [Theory]
    [MemberData(nameof(InvalidTokens))]
    public async Task ProtectedEndpoint_InvalidToken_401SaysWhy(string kind, string reason)
    {
        var tokens = _factory.Tokens;
        var token = kind switch
        {
            "expired" => tokens.Create("t1", expires: DateTimeOffset.UtcNow.AddMinutes(-5)),
            "wrong-signature" => tokens.Create("t1", key: "another-signing-key-0123456789-abcdefghijklmnop"),
            "wrong-audience" => tokens.Create("t1", tokenAudience: "someone-else"),
            "wrong-issuer" => tokens.Create("t1", tokenIssuer: "https://evil.example"),
            _ => "not.a.jwt",
        };
        using var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await client.GetAsync(Me);

        OidcAuthTests.AssertRefused(response, reason);
    }

    [Fact]
    public async Task ProtectedEndpoint_ExpiredToken_LogsReasonOnceWithSubjectNeverToken()
    {
        var logs = new LogCollector();
        await using var factory = _factory.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(logs)));
        var token = _factory.Tokens.Create("t1", expires: DateTimeOffset.UtcNow.AddMinutes(-5));
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await client.GetAsync(Me);

        var line = Assert.Single(logs.Lines, l => l.Message.Contains("refused", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Contains("The token expired at", line.Message, StringComparison.Ordinal);
        Assert.Contains("sub test-user", line.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Lines, l => l.Message.Contains(token.Split('.')[2], StringComparison.Ordinal));
    }

    [Fact]
    public async Task ProtectedEndpoint_ValidToken_ReturnsCallerWithTenant()
    {
        using var client = _factory.CreateClientFor("tenant-a");

        var response = await client.GetAsync(Me);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("tenant-a", body.GetProperty("tenantId").GetString());
        Assert.False(body.GetProperty("isAdmin").GetBoolean());
    }

    [Fact]
    public async Task ProtectedEndpoint_RsaTokenInSharedKeyMode_401SaysAlgorithm()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var token = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
        {
            Issuer = GatewayFactory.Issuer,
            Audience = GatewayFactory.Audience,
            Claims = new Dictionary<string, object> { ["tenant_id"] = "t1", ["sub"] = "x" },
            SigningCredentials = new(new Microsoft.IdentityModel.Tokens.RsaSecurityKey(rsa), Microsoft.IdentityModel.Tokens.SecurityAlgorithms.RsaSha256),
        });
        using var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await client.GetAsync(Me);

        OidcAuthTests.AssertRefused(response, "signing algorithm 'RS256' is not accepted");
    }

    [Fact]
    public async Task ProtectedEndpoint_ValidTokenWithoutTenant_Returns403()
    {
        using var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _factory.Tokens.Create(tenantId: null));

        var response = await client.GetAsync(Me);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task ProtectedEndpoint_AdminToken_ReportsAdmin()
    {
        using var client = _factory.CreateClientFor("ops", admin: true);

        var body = await client.GetFromJsonAsync<JsonElement>(Me);

        Assert.True(body.GetProperty("isAdmin").GetBoolean());
    }

    [Fact]
    public async Task DevTokenEndpoint_OutsideDevelopment_IsAbsent()
    {
        using var client = _factory.CreateClient();

        var response = await client.PostAsJsonAsync(new Uri("/api/dev/token", UriKind.Relative), new { tenantId = "t1" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task DevTokenEndpoint_InDevelopment_IssuesTokenTheGatewayAccepts()
    {
        await using var factory = _factory.WithWebHostBuilder(b => b.UseEnvironment("Development"));
        using var client = factory.CreateClient();

        using var issued = await client.PostAsJsonAsync(new Uri("/api/dev/token", UriKind.Relative), new { tenantId = "acme" });
        var token = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var caller = await client.GetFromJsonAsync<JsonElement>(Me);

        Assert.Equal("acme", caller.GetProperty("tenantId").GetString());
    }

    [Fact]
    public async Task DevTokenEndpoint_OidcMode_409ProblemNamesTheProvider()
    {
        _factory.Settings["Auth:Authority"] = "https://login.example.com/";
        await using var factory = _factory.WithWebHostBuilder(b => b.UseEnvironment("Development"));
        using var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync(new Uri("/api/dev/token", UriKind.Relative), new { tenantId = "acme" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("OpenID Connect provider 'https://login.example.com/'", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DevTokenEndpoint_StarTenant_ValidationProblem()
    {
        await using var factory = _factory.WithWebHostBuilder(b => b.UseEnvironment("Development"));
        using var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync(new Uri("/api/dev/token", UriKind.Relative), new { tenantId = "*" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("reserved", body.GetProperty("errors").GetProperty("tenantId")[0].GetString(), StringComparison.Ordinal);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();
}
