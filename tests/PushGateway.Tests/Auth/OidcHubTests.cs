using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using OpenIddict.Abstractions;
using PushGateway.Testing;
using PushGateway.Tests.Realtime;

namespace PushGateway.Tests.Auth;

/// <summary>The hub in OIDC mode: provider tokens in the header or the <c>access_token</c> query, refusals with reasons, expiry.</summary>
[Collection(GatewayCollection.Name)]
public sealed class OidcHubTests(MongoTarget mongo)
{
    private readonly string _ns = $"{MongoTarget.NewDatabaseName("oidc")}.orders";

    private static Action<ClaimsIdentity> Tenant(string tenant) => identity => identity.SetClaim("tenant_id", tenant);

    [Fact]
    public async Task Subscribe_ProviderTokenInHeader_Subscribes()
    {
        await using var provider = await OidcProvider.StartAsync();
        await using var gateway = await RunningGateway.StartAsync(mongo, [_ns], OidcGateway.SettingsFor(provider));
        var connection = await gateway.ConnectAsync(null, token: await provider.GetTokenAsync(Tenant("acme")));

        var result = await connection.InvokeAsync<SubscribeResult>("Subscribe", new { collection = _ns });

        Assert.StartsWith("sub_", result.SubscriptionId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscribe_Es256ProviderTokenInQueryString_Subscribes()
    {
        await using var provider = await OidcProvider.StartAsync();
        provider.SignWith(OidcProvider.EcKeyId);
        await using var gateway = await RunningGateway.StartAsync(mongo, [_ns], OidcGateway.SettingsFor(provider));
        var token = await provider.GetTokenAsync(Tenant("acme"));
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(gateway.HubUrl, "?access_token=" + Uri.EscapeDataString(token)), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
            })
            .Build();
        await connection.StartAsync();

        var result = await connection.InvokeAsync<SubscribeResult>("Subscribe", new { collection = _ns });

        Assert.StartsWith("sub_", result.SubscriptionId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Negotiate_ExpiredProviderToken_401SaysExpired()
    {
        await using var provider = await OidcProvider.StartAsync();
        await using var gateway = await RunningGateway.StartAsync(mongo, [_ns], OidcGateway.SettingsFor(provider));
        var token = provider.Forge(new Dictionary<string, object> { ["tenant_id"] = "acme" }, expires: DateTimeOffset.UtcNow.AddMinutes(-5));
        using var http = new HttpClient { BaseAddress = gateway.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await http.PostAsync(new Uri("/hubs/changes/negotiate?negotiateVersion=1", UriKind.Relative), null);

        OidcAuthTests.AssertRefused(response, "The token expired at");
    }

    [Fact]
    public async Task Negotiate_NoToken_401WithBearerChallenge()
    {
        await using var provider = await OidcProvider.StartAsync();
        await using var gateway = await RunningGateway.StartAsync(mongo, [_ns], OidcGateway.SettingsFor(provider));
        using var http = new HttpClient { BaseAddress = gateway.BaseAddress };

        using var response = await http.PostAsync(new Uri("/hubs/changes/negotiate?negotiateVersion=1", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).ToString());
    }

    [Fact]
    public async Task Connection_ProviderTokenExpires_ConnectionIsClosed()
    {
        await using var provider = await OidcProvider.StartAsync();
        await using var gateway = await RunningGateway.StartAsync(
            mongo, [_ns], new Dictionary<string, string?>(OidcGateway.SettingsFor(provider)) { ["Auth:ClockSkewSeconds"] = "0" });
        // A first connection loads the provider's metadata, so the short-lived token is not spent waiting for it.
        await gateway.ConnectAsync(null, token: await provider.GetTokenAsync(Tenant("acme")));
        var token = provider.Forge(new Dictionary<string, object> { ["tenant_id"] = "acme" }, expires: DateTimeOffset.UtcNow.AddSeconds(8));
        var connection = await gateway.ConnectAsync(null, token: token);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(HubConnectionState.Disconnected, connection.State);
    }
}
