using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PushGateway.ChangeStreams;
using PushGateway.Testing;
using PushGateway.Webhooks.Outbox;

namespace PushGateway.Tests.Webhooks;

/// <summary>A gateway configured for webhook tests: one watched collection, loopback allowed, fast retries and polling.</summary>
internal static class WebhookTestHost
{
    public const string Collection = "orders";

    public static GatewayFactory Create(MongoTarget mongo, out string watched, Action<Dictionary<string, string?>>? configure = null)
    {
        var factory = new GatewayFactory(mongo);
        var database = MongoTarget.NewDatabaseName("shop");
        watched = $"{database}.{Collection}";
        var settings = factory.Settings;
        settings["Gateway:Watch:0:Database"] = database;
        settings["Gateway:Watch:0:Collection"] = Collection;
        settings["Webhooks:AllowedHosts:0"] = "127.0.0.1";
        settings["Webhooks:RetrySchedule:0"] = "00:00:00.100";
        settings["Webhooks:RetrySchedule:1"] = "00:00:00.100";
        settings["Webhooks:RetrySchedule:2"] = "00:00:00.100";
        settings["Webhooks:RetryJitter"] = "0";
        settings["Webhooks:PollInterval"] = "00:00:00.050";
        settings["Webhooks:RequestTimeout"] = "00:00:02";
        settings["Webhooks:LeaseDuration"] = "00:00:10";
        settings["Webhooks:QueueMetricsInterval"] = "00:00:00.200";
        configure?.Invoke(settings);
        return factory;
    }

    /// <summary>Hands events to the outbox exactly as the multiplexer does.</summary>
    public static ValueTask PublishAsync(this GatewayFactory factory, params ChangeEvent[] events) =>
        factory.Services.GetRequiredService<WebhookOutbox>().HandleAsync(events, CancellationToken.None);

    /// <summary>Creates a subscription and returns its id and secret.</summary>
    public static async Task<(string Id, string Secret)> SubscribeAsync(this HttpClient client, object request)
    {
        var response = await client.PostAsJsonAsync(new Uri("/api/webhooks", UriKind.Relative), request);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return (body.GetProperty("id").GetString()!, body.GetProperty("secret").GetString()!);
    }

    public static async Task<JsonElement> DeliveriesAsync(this HttpClient client, string id, string? state = null) =>
        (await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/webhooks/{id}/deliveries{(state is null ? "" : "?state=" + state)}", UriKind.Relative)))
            .GetProperty("items");
}
