using Microsoft.Extensions.Options;
using PushGateway.Webhooks;
using PushGateway.Webhooks.Security;

namespace PushGateway.Tests.Webhooks;

/// <summary>The connect-time guard against a real loopback receiver.</summary>
public sealed class SsrfGuardTests : IAsyncLifetime
{
    private RunningReceiver _receiver = null!;

    [Fact]
    public async Task Connect_LoopbackNotAllowListed_Refused()
    {
        using var client = ClientWith([]);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri(_receiver.WebhookUrl)));

        Assert.IsType<DestinationBlockedException>(error.InnerException ?? error, exactMatch: false);
    }

    [SkippableFact]
    public async Task Connect_HostResolvingToOneNonAllowListedAddress_Refused()
    {
        Skip.If(System.Net.Dns.GetHostAddresses("localhost").Length < 2, "localhost resolves to a single address here");
        // localhost resolves to 127.0.0.1 and ::1; only the first is allowed, so the connection is refused.
        var url = _receiver.WebhookUrl.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
        using var client = ClientWith(["127.0.0.1"]);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri(url)));
    }

    [Fact]
    public async Task Connect_AllowListedAddress_Connects()
    {
        using var client = ClientWith(["127.0.0.1"]);

        var response = await client.GetAsync(new Uri(_receiver.WebhookUrl));

        Assert.True(response.IsSuccessStatusCode);
    }

    [Fact]
    public async Task Connect_AllowListedNetwork_Connects()
    {
        using var client = ClientWith(["127.0.0.0/8"]);

        var response = await client.GetAsync(new Uri(_receiver.WebhookUrl));

        Assert.True(response.IsSuccessStatusCode);
    }

    public async Task InitializeAsync() => _receiver = await RunningReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    private static HttpClient ClientWith(List<string> allowed)
    {
        var guard = new SsrfGuard(new DestinationPolicy(Options.Create(new WebhookOptions { AllowedHosts = allowed })));
        return new HttpClient(new SocketsHttpHandler { ConnectCallback = guard.ConnectAsync, AllowAutoRedirect = false });
    }
}
