using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using WebhookReceiver;

namespace PushGateway.Tests.Webhooks;

/// <summary>The sample receiver (client-samples/webhook-receiver) on a loopback port: verifies with the StandardWebhooks package.</summary>
public sealed class RunningReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<string> _secrets = [];

    private RunningReceiver(WebApplication app, List<string> secrets)
    {
        _app = app;
        _secrets = secrets;
        Inbox = app.Services.GetRequiredService<Inbox>();
    }

    public Inbox Inbox { get; }

    /// <summary>Base URL, e.g. <c>http://127.0.0.1:54321</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    public string WebhookUrl => BaseUrl + "/webhooks";

    /// <summary>Decides the answer to each verified webhook (null = 200).</summary>
    public Func<ReceivedWebhook, IResult?>? Responder { get; set; }

    public static async Task<RunningReceiver> StartAsync()
    {
        var secrets = new List<string>();
        RunningReceiver? receiver = null;
        var app = ReceiverHost.Build(
            ["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default", "Warning"],
            o =>
            {
                o.Secrets = secrets;
                o.Responder = w => receiver?.Responder?.Invoke(w);
            });
        receiver = new RunningReceiver(app, secrets);
        await app.StartAsync();
        receiver.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return receiver;
    }

    /// <summary>Accept signatures made with <paramref name="secret"/>.</summary>
    public void Trust(string secret)
    {
        lock (_secrets)
        {
            _secrets.Add(secret);
        }
    }

    /// <summary>Accept only signatures made with <paramref name="secret"/>.</summary>
    public void TrustOnly(string secret)
    {
        lock (_secrets)
        {
            _secrets.Clear();
            _secrets.Add(secret);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
