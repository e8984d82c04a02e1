using MongoDB.Bson;
using PushGateway.Testing;
using PushGateway.Tests.Realtime;

namespace PushGateway.Tests.Dashboard;

/// <summary>The minimal browser sample (client-samples/browser), served by the gateway at /samples/browser/, in headless Chromium.</summary>
[Collection(GatewayCollection.Name)]
public sealed class BrowserSampleTests(MongoTarget mongo)
{
    private readonly string _ns = $"{MongoTarget.NewDatabaseName("smp")}.orders";

    [SkippableFact]
    public async Task SamplePage_LiveInsert_IsListed()
    {
        Skip.If(HeadlessChromium.UnavailableReason is not null, HeadlessChromium.UnavailableReason);
        await using var gateway = await RunningGateway.StartAsync(mongo, [_ns], environment: "Development");
        await using var browser = await HeadlessChromium.OpenAsync(new Uri(gateway.BaseAddress, $"/samples/browser/index.html?tenant=t1&collection={_ns}"));
        await browser.WaitForAsync("document.body.dataset.state === 'subscribed'");

        await gateway.Collection(mongo, _ns).InsertOneAsync(new BsonDocument { { "tenantId", "t1" }, { "name", "sample-hello" } });
        var list = await browser.WaitForAsync("document.getElementById('changes').textContent.includes('sample-hello') && document.getElementById('changes').textContent");

        Assert.StartsWith("insert {\"_id\":", list.GetString(), StringComparison.Ordinal);
    }
}
