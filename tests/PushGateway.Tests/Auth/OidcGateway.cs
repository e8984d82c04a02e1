using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using PushGateway.Testing;

namespace PushGateway.Tests.Auth;

/// <summary>A real OpenID Connect provider and the gateway (on an in-memory server) pointed at it as <c>Auth:Authority</c>.</summary>
internal sealed class OidcGateway : IAsyncDisposable
{
    private static readonly Uri Me = new("/api/auth/me", UriKind.Relative);

    private OidcGateway(OidcProvider provider, GatewayFactory factory)
    {
        Provider = provider;
        Factory = factory;
    }

    public OidcProvider Provider { get; }

    public GatewayFactory Factory { get; }

    /// <summary>The gateway settings that put it in OIDC mode against <paramref name="provider"/>.</summary>
    public static Dictionary<string, string?> SettingsFor(OidcProvider provider) => new()
    {
        ["Auth:Authority"] = provider.Issuer.AbsoluteUri,
        ["Auth:RequireHttpsMetadata"] = "false",
        // The shared key the test factory sets must be ignored in OIDC mode.
        ["Auth:SigningKey"] = GatewayFactory.SigningKey,
    };

    public static async Task<OidcGateway> StartAsync(MongoTarget mongo, IDictionary<string, string?>? settings = null)
    {
        var provider = await OidcProvider.StartAsync();
        var factory = new GatewayFactory(mongo);
        foreach (var (key, value) in SettingsFor(provider))
        {
            factory.Settings[key] = value;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            factory.Settings[key] = value;
        }

        return new OidcGateway(provider, factory);
    }

    /// <summary><c>GET /api/auth/me</c> with <paramref name="token"/>.</summary>
    public async Task<HttpResponseMessage> MeAsync(string token)
    {
        using var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.GetAsync(Me);
    }

    /// <summary>The caller the gateway reads from <paramref name="token"/>; fails the test unless the gateway accepts it.</summary>
    public async Task<JsonElement> CallerAsync(string token)
    {
        using var response = await MeAsync(token);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body} {response.Headers.WwwAuthenticate}");
        return JsonSerializer.Deserialize<JsonElement>(body);
    }

    /// <summary>
    /// Sends <paramref name="token"/> until the gateway accepts it: after a key rotation the first request only starts the
    /// metadata refresh, which completes in the background.
    /// </summary>
    public async Task<HttpResponseMessage> MeOnceRefreshedAsync(string token)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var response = await MeAsync(token);
            if (response.IsSuccessStatusCode || deadline.IsCancellationRequested)
            {
                return response;
            }

            response.Dispose();
            await Task.Delay(50, CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Provider.DisposeAsync();
    }
}
