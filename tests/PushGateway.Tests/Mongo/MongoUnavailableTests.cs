using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using PushGateway.EmbeddedMongo;

namespace PushGateway.Tests.Mongo;

/// <summary>
/// MongoDB unreachable: the gateway still answers HTTP, readiness says why with a 503, API calls that need MongoDB fail
/// with a 503 ProblemDetails after the short server-selection timeout, and all of it recovers once a server listens.
/// The "MongoDB" that appears is an embedded server started by the test on the port the gateway was pointed at.
/// </summary>
public sealed class MongoUnavailableTests : IAsyncLifetime
{
    private static readonly TimeSpan RecoveryWait = TimeSpan.FromSeconds(60);
    private readonly int _port = FreePort();
    private GatewayFactory _factory = null!;
    private EmbeddedMongoServer? _server;

    [Fact]
    public async Task Api_MongoUnreachable_503ProblemDetailsSayingSo()
    {
        using var client = _factory.CreateClientFor("tenant-a");

        var response = await client.GetAsync(new Uri("/api/webhooks", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.RetryAfter);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("MongoDB is unreachable.", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Health_MongoUnreachable_LiveAnswersReadyIs503WithTheReason()
    {
        using var client = _factory.CreateClient();

        var live = await client.GetAsync(new Uri("/health/live", UriKind.Relative));
        var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var body = await ready.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("MongoDB is unreachable", body.GetProperty("checks").GetProperty("mongo").GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_MongoComesBack_RecoversWithoutRestart()
    {
        using var client = _factory.CreateClientFor("tenant-a");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync(new Uri("/api/webhooks", UriKind.Relative))).StatusCode);

        _server = await EmbeddedMongoServer.StartAsync(new EmbeddedMongoOptions { Port = _port });

        var deadline = DateTimeOffset.UtcNow + RecoveryWait;
        HttpStatusCode status;
        do
        {
            status = (await client.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode;
        }
        while (status != HttpStatusCode.OK && DateTimeOffset.UtcNow < deadline);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/webhooks", UriKind.Relative))).StatusCode);
    }

    public Task InitializeAsync()
    {
        // Nothing listens on the port yet; a one-second server selection keeps each failing call short.
        _factory = new GatewayFactory(new Testing.MongoTarget());
        _factory.Settings["Mongo:ConnectionString"] = $"mongodb://127.0.0.1:{_port}/?directConnection=true";
        _factory.Settings["Mongo:ServerSelectionTimeout"] = "00:00:01";
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
