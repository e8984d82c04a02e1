using Microsoft.Extensions.DependencyInjection;
using MongoDB.Bson;
using PushGateway.ChangeStreams;
using PushGateway.Testing;
using PushGateway.Webhooks.Delivery;

namespace PushGateway.Tests.Webhooks;

/// <summary>
/// A burst beyond <c>Webhooks:InsertLeaseLimit</c>: the rows beyond it are written leased to this instance all the same
/// and read back by their lease token (no claim write). The lease here is 10 minutes, so a row that was not read back
/// would only arrive after its lease ended, long after these tests give up.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class WebhookSpillTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly GatewayFactory _factory;
    private readonly string _watched;
    private RunningReceiver _receiver = null!;

    public WebhookSpillTests(MongoTarget mongo) =>
        _factory = WebhookTestHost.Create(mongo, out _watched, settings =>
        {
            settings["Webhooks:InsertLeaseLimit"] = "2";
            settings["Webhooks:LeaseBatchSize"] = "7";
            settings["Webhooks:LeaseDuration"] = "00:10:00";
        });

    [Fact]
    public async Task Deliver_BurstBeyondTheInsertLeaseLimit_SpilledRowsDeliveredOnceWithoutWaitingForTheirLease()
    {
        using var client = _factory.CreateClientFor("tenant-spill");
        var (id, secret) = await client.SubscribeAsync(new { url = _receiver.WebhookUrl, collections = new[] { _watched } });
        _receiver.Trust(secret);

        // The worker first shows what it drains (a few rows a second suffice with a 10-minute lease) ...
        await _factory.PublishAsync([.. Enumerable.Range(0, 10).Select(i => Insert(i))]);
        Assert.True(await _receiver.Inbox.WaitUntilAsync(i => i.UniqueCount >= 10, Wait));
        var handoff = _factory.Services.GetRequiredService<DeliveryHandoff>();
        Assert.True(await _receiver.Inbox.WaitUntilAsync(_ => handoff.Budget >= 100, Wait), $"budget {handoff.Budget}");

        // ... then a burst of 60 in one batch: 2 held in memory, 58 spilled in batches of 7 lease tokens.
        await _factory.PublishAsync([.. Enumerable.Range(10, 60).Select(i => Insert(i))]);

        Assert.True(await _receiver.Inbox.WaitUntilAsync(i => i.UniqueCount >= 70, Wait), $"{_receiver.Inbox.UniqueCount}/70 delivered");
        var deadline = DateTimeOffset.UtcNow + Wait;
        while ((await client.DeliveriesAsync(id, "succeeded")).GetArrayLength() < 50 && DateTimeOffset.UtcNow < deadline)
        {
            await _receiver.Inbox.WaitUntilAsync(_ => false, TimeSpan.FromMilliseconds(100));
        }

        var rows = await client.DeliveriesAsync(id, "succeeded");
        Assert.Equal(50, rows.GetArrayLength()); // one page of the newest
        Assert.All(rows.EnumerateArray(), r => Assert.Equal(1, r.GetProperty("attempts").GetInt32()));
        Assert.Equal(70, _receiver.Inbox.UniqueCount);
        Assert.Equal(0, _receiver.Inbox.RejectedCount);
        Assert.Equal(0, handoff.SpilledCount);
    }

    public async Task InitializeAsync() => _receiver = await RunningReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    private ChangeEvent Insert(int i) => TestEvents.Insert(_watched, "tenant-spill", new BsonDocument("_id", i));
}
