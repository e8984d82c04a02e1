using Microsoft.AspNetCore.Http;
using MongoDB.Bson;
using PushGateway.Testing;
using PushGateway.Tests.Realtime;
using PushGateway.Tests.Webhooks;

namespace PushGateway.Tests.Dashboard;

/// <summary>
/// The dashboard's Webhooks view in headless Chromium against a real gateway (Development: loopback targets allowed)
/// and the sample receiver: create, secret shown once, test ping, the delivery log with attempts, and retry of a dead delivery.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class WebhooksConsoleTests(MongoTarget mongo)
{
    private const string ClickButton = "[...document.querySelectorAll('{0} button')].find(b => b.textContent === '{1}').click(); true";
    private readonly string _ns = $"{MongoTarget.NewDatabaseName("whui")}.orders";

    [SkippableFact]
    public async Task WebhooksView_CreateTestAndDeliver_SecretShownOnceAndAttemptsListed()
    {
        Skip.If(HeadlessChromium.UnavailableReason is not null, HeadlessChromium.UnavailableReason);
        await using var receiver = await RunningReceiver.StartAsync();
        await using var gateway = await RunningGateway.StartAsync(mongo, [_ns], environment: "Development");
        await using var browser = await HeadlessChromium.OpenAsync(new Uri(gateway.BaseAddress, $"/?tenant=t1&collection={_ns}&view=webhooks"));
        await browser.WaitForAsync("document.body.dataset.webhooks === 'loaded'");

        var secret = await CreateAsync(browser, receiver.WebhookUrl, "fullDocument.name = 'hook-me'");
        receiver.Trust(secret);
        await browser.EvaluateAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, ClickButton, "#webhooks", "Test"));
        var tested = await browser.WaitForAsync("!document.getElementById('webhooks-message').hidden && document.getElementById('webhooks-message').textContent.includes('answered') && document.getElementById('webhooks-message').textContent");
        await browser.EvaluateAsync("document.getElementById('secret-close').click(); true");
        var secretStillShown = await browser.EvaluateAsync($"document.body.innerText.includes('{secret}')");

        await gateway.Collection(mongo, _ns).InsertOneAsync(new BsonDocument { { "tenantId", "t1" }, { "name", "hook-me" } });
        await browser.EvaluateAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, ClickButton, "#webhooks", "Deliveries"));
        var state = await WaitForDeliveryAsync(browser, "succeeded");
        // Opens the newest row (again, should the log have been re-rendered meanwhile) until its attempts show.
        var attempts = await browser.WaitForAsync("""
            (() => {
              const attempts = document.querySelector('#deliveries .attempts');
              if (attempts) return attempts.textContent;
              const row = document.querySelector('#deliveries tr.delivery');
              if (row && !row.classList.contains('open')) row.click();
              return false;
            })()
            """);

        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Contains("answered 200", tested.GetString(), StringComparison.Ordinal);
        Assert.False(secretStillShown.GetBoolean());
        Assert.Equal("succeeded", state);
        Assert.Contains("200", attempts.GetString(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task WebhooksView_RetryDeadDelivery_Succeeds()
    {
        Skip.If(HeadlessChromium.UnavailableReason is not null, HeadlessChromium.UnavailableReason);
        await using var receiver = await RunningReceiver.StartAsync();
        receiver.Responder = _ => Results.StatusCode(StatusCodes.Status500InternalServerError);
        await using var gateway = await RunningGateway.StartAsync(mongo, [_ns], new Dictionary<string, string?> { ["Webhooks:RetrySchedule:0"] = "00:00:00" }, environment: "Development");
        await using var browser = await HeadlessChromium.OpenAsync(new Uri(gateway.BaseAddress, $"/?tenant=t1&collection={_ns}&view=webhooks"));
        await browser.WaitForAsync("document.body.dataset.webhooks === 'loaded'");
        receiver.Trust(await CreateAsync(browser, receiver.WebhookUrl, null));

        await gateway.Collection(mongo, _ns).InsertOneAsync(new BsonDocument { { "tenantId", "t1" }, { "name", "will-die" } });
        await browser.EvaluateAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, ClickButton, "#webhooks", "Deliveries"));
        var dead = await WaitForDeliveryAsync(browser, "dead");
        receiver.Responder = null;
        await browser.EvaluateAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, ClickButton, "#deliveries", "Retry"));
        var retried = await WaitForDeliveryAsync(browser, "succeeded");

        Assert.Equal("dead", dead);
        Assert.Equal("succeeded", retried);
        Assert.Single(receiver.Inbox.Unique, w => w.Body.Contains("will-die", StringComparison.Ordinal));
    }

    private async Task<string> CreateAsync(HeadlessChromium browser, string url, string? filter)
    {
        await browser.EvaluateAsync($$"""
            document.getElementById('webhook-new').click();
            document.getElementById('webhook-url').value = {{System.Text.Json.JsonSerializer.Serialize(url)}};
            document.getElementById('webhook-collections').value = '{{_ns}}';
            document.getElementById('webhook-filter').value = {{System.Text.Json.JsonSerializer.Serialize(filter ?? "")}};
            document.getElementById('webhook-save').click();
            true
            """);
        var secret = await browser.WaitForAsync("!document.getElementById('secret-box').hidden && document.getElementById('secret-value').textContent");
        await browser.WaitForAsync($"document.querySelector('#webhooks tbody').textContent.includes({System.Text.Json.JsonSerializer.Serialize(url)})");
        return secret.GetString()!;
    }

    /// <summary>Reloads the delivery log (at most every 200 ms) until its newest row is in <paramref name="state"/>.</summary>
    private static async Task<string> WaitForDeliveryAsync(HeadlessChromium browser, string state)
    {
        var value = await browser.WaitForAsync($$"""
            (() => {
              const row = document.querySelector('#deliveries tr.delivery');
              if (row && row.dataset.state === '{{state}}') return row.dataset.state;
              const now = Date.now();
              if (!window.__reloadedAt || now - window.__reloadedAt > 200) {
                window.__reloadedAt = now;
                document.getElementById('deliveries-state').dispatchEvent(new Event('change'));
              }
              return false;
            })()
            """, TimeSpan.FromSeconds(60));
        return value.GetString()!;
    }
}
