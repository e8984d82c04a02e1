using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using PushGateway.Testing;

namespace PushGateway.Tests;

/// <summary>
/// The real gateway host on an in-memory server, pointed at the test run's MongoDB
/// (the embedded server, or <c>PUSHGATEWAY_TEST_MONGO</c>), with a test signing key.
/// </summary>
public sealed class GatewayFactory(MongoTarget mongo) : WebApplicationFactory<Program>
{
    public const string SigningKey = "test-signing-key-0123456789-abcdefghijklmnopqrstuvwxyz";
    public const string Issuer = "pushgateway-tests";
    public const string Audience = "pushgateway-tests-api";

    /// <summary>The gateway's own database; unique per factory so tests never share state.</summary>
    public string Database { get; } = MongoTarget.NewDatabaseName("gw");

    /// <summary>Extra settings a test class wants (e.g. watched collections).</summary>
    public Dictionary<string, string?> Settings { get; } = [];

    public TestTokens Tokens { get; } = new(SigningKey, Issuer, Audience);

    /// <summary>An HTTP client that sends a valid token for <paramref name="tenantId"/>.</summary>
    public HttpClient CreateClientFor(string tenantId, bool admin = false)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.Create(tenantId, admin: admin));
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        var settings = new Dictionary<string, string?>
        {
            ["Mongo:ConnectionString"] = mongo.ConnectionString,
            ["Mongo:Database"] = Database,
            ["Auth:SigningKey"] = SigningKey,
            ["Auth:Issuer"] = Issuer,
            ["Auth:Audience"] = Audience,
            ["Demo:Enabled"] = "false",
        };
        foreach (var (key, value) in Settings)
        {
            settings[key] = value;
        }

        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
