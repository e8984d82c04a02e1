using MongoDB.Bson;
using PushGateway.Testing;

namespace PushGateway.Tests.Webhooks;

/// <summary>
/// Deliveries without lease at insert (<c>Webhooks:InsertLeaseLimit = 0</c>): every row is written due and leased by a
/// query, the path that retries, rows beyond the limit and rows of a dead instance take.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class WebhookLeaseTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly GatewayFactory _factory;
    private readonly string _watched;
    private RunningReceiver _receiver = null!;

    public WebhookLeaseTests(MongoTarget mongo) =>
        _factory = WebhookTestHost.Create(mongo, out _watched, settings => settings["Webhooks:InsertLeaseLimit"] = "0");

    [Fact]
    public async Task Deliver_InsertLeaseOff_RowsLeasedByQueryAndEachDeliveredOnce()
    {
        using var client = _factory.CreateClientFor("tenant-lease");
        var (id, secret) = await client.SubscribeAsync(new { url = _receiver.WebhookUrl, collections = new[] { _watched } });
        _receiver.Trust(secret);

        await _factory.PublishAsync([.. Enumerable.Range(0, 5).Select(i => TestEvents.Insert(_watched, "tenant-lease", new BsonDocument("_id", i)))]);

        Assert.True(await _receiver.Inbox.WaitUntilAsync(i => i.UniqueCount >= 5, Wait));
        var deadline = DateTimeOffset.UtcNow + Wait;
        while ((await client.DeliveriesAsync(id, "succeeded")).GetArrayLength() < 5 && DateTimeOffset.UtcNow < deadline)
        {
            await _receiver.Inbox.WaitUntilAsync(_ => false, TimeSpan.FromMilliseconds(100));
        }

        var rows = await client.DeliveriesAsync(id, "succeeded");
        Assert.Equal(5, rows.GetArrayLength());
        Assert.All(rows.EnumerateArray(), r => Assert.Equal(1, r.GetProperty("attempts").GetInt32()));
        Assert.Equal(0, _receiver.Inbox.RejectedCount);
    }

    public async Task InitializeAsync() => _receiver = await RunningReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _receiver.DisposeAsync();
    }
}
