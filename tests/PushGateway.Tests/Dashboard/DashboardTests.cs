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
        var counters = await browser.WaitForAsync($"document.querySelector('#counters tbody').textContent.startsWith('{_ns}1') && document.querySelector('#counters tbody').textContent");
        var status = await browser.EvaluateAsync("document.getElementById('status').textContent");

        Assert.DoesNotContain("someone-elses-order", rows.GetString(), StringComparison.Ordinal);
        Assert.Contains("insert", rows.GetString(), StringComparison.Ordinal);
        Assert.StartsWith($"{_ns}1", counters.GetString(), StringComparison.Ordinal);
        Assert.Equal("connected", status.GetString());
    }

    [SkippableFact]
    public async Task Dashboard_ClickEventRow_ShowsWholeEventAsPrettyJsonWithPlainIds()
    {
        Skip.If(HeadlessChromium.UnavailableReason is not null, HeadlessChromium.UnavailableReason);
        await using var gateway = await RunningGateway.StartAsync(mongo, [_ns], environment: "Development");
        await using var browser = await HeadlessChromium.OpenAsync(new Uri(gateway.BaseAddress, $"/?tenant=t1&collection={_ns}"));
        await browser.WaitForAsync("document.body.dataset.state === 'subscribed'");
        var id = ObjectId.GenerateNewId();

        await gateway.Collection(mongo, _ns).InsertOneAsync(new BsonDocument { { "_id", id }, { "tenantId", "t1" }, { "name", "expand-me" } });
        var key = await browser.WaitForAsync("document.querySelector('#events tr.event td.key')?.textContent");
        await browser.EvaluateAsync("document.querySelector('#events tr.event').click(); true");
        var detail = await browser.WaitForAsync("document.querySelector('#events tr.detail pre')?.textContent");

        Assert.Equal(id.ToString(), key.GetString());
        Assert.Contains("\"operationType\": \"insert\"", detail.GetString(), StringComparison.Ordinal);
        Assert.Contains($"\"_id\": \"{id}\"", detail.GetString(), StringComparison.Ordinal);
        Assert.Contains("\n  \"fullDocument\": {\n", detail.GetString(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Dashboard_SwitchTenant_ClearsEventsCountersAndWebhooks()
    {
        Skip.If(HeadlessChromium.UnavailableReason is not null, HeadlessChromium.UnavailableReason);
        await using var gateway = await RunningGateway.StartAsync(mongo, [_ns], environment: "Development");
        await using var browser = await HeadlessChromium.OpenAsync(new Uri(gateway.BaseAddress, $"/?tenant=t1&collection={_ns}"));
        await browser.WaitForAsync("document.body.dataset.state === 'subscribed'");
        await gateway.Collection(mongo, _ns).InsertOneAsync(new BsonDocument { { "tenantId", "t1" }, { "name", "first-tenant" } });
        await browser.WaitForAsync("document.querySelector('#events tbody').textContent.includes('first-tenant')");

        await browser.EvaluateAsync("document.body.dataset.state = 'switching'; document.getElementById('tenant').value = 't2'; document.getElementById('connect').click(); true");
        await browser.WaitForAsync("document.body.dataset.state === 'subscribed'");
        var events = await browser.EvaluateAsync("document.querySelector('#events tbody').textContent");
        var counters = await browser.EvaluateAsync("document.querySelector('#counters tbody').textContent");
        await gateway.Collection(mongo, _ns).InsertOneAsync(new BsonDocument { { "tenantId", "t2" }, { "name", "second-tenant" } });
        await browser.WaitForAsync("document.querySelector('#events tbody').textContent.includes('second-tenant')");

        Assert.Equal("", events.GetString());
        Assert.StartsWith($"{_ns}0", counters.GetString(), StringComparison.Ordinal);
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
