using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
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

    public static TheoryData<string> InvalidTokens => new()
    {
        "expired",
        "wrong-signature",
        "wrong-audience",
        "wrong-issuer",
        "garbage",
    };

    [Theory]
    [MemberData(nameof(InvalidTokens))]
    public async Task ProtectedEndpoint_InvalidToken_Returns401(string kind)
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

        var response = await client.GetAsync(Me);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
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

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();
}
