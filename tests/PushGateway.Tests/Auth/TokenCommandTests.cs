using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using PushGateway.Auth;
using PushGateway.Testing;

namespace PushGateway.Tests.Auth;

/// <summary><c>PushGateway token ...</c>: prints a token the gateway accepts, or refuses in one line with exit code 1.</summary>
[Collection(GatewayCollection.Name)]
public sealed class TokenCommandTests(MongoTarget mongo) : IAsyncLifetime
{
    private static readonly Uri Me = new("/api/auth/me", UriKind.Relative);
    private readonly GatewayFactory _factory = new(mongo);

    /// <summary>The configuration the test gateway runs with, passed the way a user could (command-line configuration).</summary>
    private static readonly string[] SharedKeySettings =
        [$"--Auth:SigningKey={GatewayFactory.SigningKey}", $"--Auth:Issuer={GatewayFactory.Issuer}", $"--Auth:Audience={GatewayFactory.Audience}", "--Auth:Authority="];

    [Fact]
    public async Task Run_Tenant_PrintsTokenTheGatewayAcceptsForThatTenant()
    {
        var (exit, output, error) = Run(["token", "--tenant", "acme", "--minutes", "5", .. SharedKeySettings]);

        Assert.Equal((0, ""), (exit, error));
        var caller = await MeAsync(output.Trim());
        Assert.Equal("acme", caller.GetProperty("tenantId").GetString());
        Assert.False(caller.GetProperty("isAdmin").GetBoolean());
    }

    [Fact]
    public async Task Run_Admin_PrintsAdminToken()
    {
        var (exit, output, _) = Run(["token", "--admin", "--tenant", "ops", .. SharedKeySettings]);

        Assert.Equal(0, exit);
        Assert.True((await MeAsync(output.Trim())).GetProperty("isAdmin").GetBoolean());
    }

    [Fact]
    public void Run_OidcAuthority_RefusesInOneLineExit1()
    {
        var (exit, output, error) = Run(["token", "--tenant", "acme", .. SharedKeySettings, "--Auth:Authority=https://login.example.com/"]);

        Assert.Equal(1, exit);
        Assert.Empty(output);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Contains("OpenID Connect provider 'https://login.example.com/'", error, StringComparison.Ordinal);
    }

    public static TheoryData<string[], string> BadArguments => new()
    {
        { new[] { "token" }, "--tenant is required" },
        { new[] { "token", "--tenant" }, "--tenant needs a value" },
        { new[] { "token", "--tenant", "*" }, "reserved" },
        { new[] { "token", "--tenant", "acme", "--minutes", "0" }, "--minutes must be a whole number from 1 to 720" },
        { new[] { "token", "--tenant", "acme", "--minutes", "ten" }, "not 'ten'" },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public void Run_BadArguments_OneLineExit1(string[] args, string message)
    {
        var (exit, output, error) = Run([.. args, .. SharedKeySettings]);

        Assert.Equal(1, exit);
        Assert.Empty(output);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_NoSigningKey_SaysWhichSettingIsMissing()
    {
        var (exit, _, error) = Run(["token", "--tenant", "acme", "--Auth:SigningKey=", "--Auth:Authority="]);

        Assert.Equal(1, exit);
        Assert.Contains("Auth:SigningKey", error, StringComparison.Ordinal);
    }

    [Fact]
    public void IsInvoked_GatewayArguments_False() =>
        Assert.False(TokenCommand.IsInvoked(["--urls", "http://127.0.0.1:5080"]));

    private static (int Exit, string Output, string Error) Run(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = TokenCommand.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private async Task<JsonElement> MeAsync(string token)
    {
        using var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.GetAsync(Me);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();
}
