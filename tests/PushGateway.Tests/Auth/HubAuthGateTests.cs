using System.Net;
using System.Net.Http.Headers;
using PushGateway.Testing;

namespace PushGateway.Tests.Auth;

/// <summary>
/// Hub transport requests (<c>GET /hubs/...</c>) are authenticated and authorized before they reach SignalR, and only
/// then go on to it, although the authentication and authorization middlewares have finished by then.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class HubAuthGateTests(MongoTarget mongo) : IAsyncLifetime
{
    private static readonly Uri Transport = new("/hubs/changes?id=no-such-connection", UriKind.Relative);
    private readonly GatewayFactory _factory = new(mongo);

    [Fact]
    public async Task TransportRequest_NoToken_401AndSignalRNeverAnswers()
    {
        using var client = _factory.CreateClient();

        using var response = await client.GetAsync(Transport);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("No Connection with that ID", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TransportRequest_TokenWithoutTenant_403AndSignalRNeverAnswers()
    {
        using var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _factory.Tokens.Create(tenantId: null));

        using var response = await client.GetAsync(Transport);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("No Connection with that ID", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TransportRequest_ValidToken_GoesOnToSignalR()
    {
        using var client = _factory.CreateClientFor("t1");

        using var response = await client.GetAsync(Transport);

        // SignalR's own answer for an unknown connection: the request got past authorization and reached the hub endpoint.
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("No Connection with that ID", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();
}
