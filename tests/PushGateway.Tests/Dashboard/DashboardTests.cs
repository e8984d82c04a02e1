using MongoDB.Bson;
using PushGateway.Testing;
using PushGateway.Tests.Realtime;

namespace PushGateway.Tests.Dashboard;

/// <summary>The dashboard in a real (headless) browser against the real host: it connects, subscribes and renders live events.</summary>
[Collection(GatewayCollection.Name)]
public sealed class DashboardTests(MongoTarget mongo)
{
    private readonly string _ns = $"{MongoTarget.NewDatabaseName("ui")}.orders";

    [SkippableFact]
    public async Task Dashboard_LiveInsert_RendersTheEventForItsTenantOnly()
    {
        Skip.If(HeadlessChromium.UnavailableReason is not null, HeadlessChromium.UnavailableReason);
        await using var gateway = await RunningGateway.StartAsync(mongo, [_ns], environment: "Development");
        await using var browser = await HeadlessChromium.OpenAsync(new Uri(gateway.BaseAddress, $"/?tenant=t1&collection={_ns}"));
        await browser.WaitForAsync("document.body.dataset.state === 'subscribed'");

        var collection = gateway.Collection(mongo, _ns);
        await collection.InsertOneAsync(new BsonDocument { { "tenantId", "t2" }, { "name", "someone-elses-order" } });
        await collection.InsertOneAsync(new BsonDocument { { "tenantId", "t1" }, { "name", "browser-hello" }, { "total", 42 } });
        var rows = await browser.WaitForAsync("document.querySelector('#events tbody').textContent.includes('browser-hello') && document.querySelector('#events tbody').textContent");
        var counters = await browser.WaitForAsync($"document.querySelector('#counters tbody').textContent.includes('{_ns}') && document.querySelector('#counters tbody').textContent");
        var status = await browser.EvaluateAsync("document.getElementById('status').textContent");

        Assert.DoesNotContain("someone-elses-order", rows.GetString(), StringComparison.Ordinal);
        Assert.Contains("insert", rows.GetString(), StringComparison.Ordinal);
        Assert.StartsWith($"{_ns}1", counters.GetString(), StringComparison.Ordinal);
        Assert.Equal("connected", status.GetString());
    }

    [SkippableFact]
    public async Task Dashboard_BadFilter_ShowsReadableErrorWithPosition()
    {
        Skip.If(HeadlessChromium.UnavailableReason is not null, HeadlessChromium.UnavailableReason);
        await using var gateway = await RunningGateway.StartAsync(mongo, [_ns], environment: "Development");
        await using var browser = await HeadlessChromium.OpenAsync(new Uri(gateway.BaseAddress, $"/?tenant=t1&collection={_ns}"));
        await browser.WaitForAsync("document.body.dataset.state === 'subscribed'");

        await browser.EvaluateAsync("document.getElementById('filter').value = \"fullDocument.total >\"; document.getElementById('subscribe').click(); true");
        var error = await browser.WaitForAsync("!document.getElementById('error').hidden && document.getElementById('error').textContent");

        Assert.StartsWith("Invalid filter at line 1, column", error.GetString(), StringComparison.Ordinal);
    }
}
