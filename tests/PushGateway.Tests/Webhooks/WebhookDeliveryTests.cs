using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using MongoDB.Bson;
using PushGateway.Testing;

namespace PushGateway.Tests.Webhooks;

/// <summary>
/// End to end from the outbox (fed as the multiplexer does) through the delivery worker to the sample receiver on
/// loopback, which verifies every signature with the StandardWebhooks package.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class WebhookDeliveryTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly GatewayFactory _factory;
    private readonly string _watched;
    private RunningReceiver _receiver = null!;

    public WebhookDeliveryTests(MongoTarget mongo) => _factory = WebhookTestHost.Create(mongo, out _watched);

    [Fact]
    public async Task Deliver_FilteredSubscription_OnlyMatchingEventsOfItsTenantSignedAndShaped()
    {
        using var client = _factory.CreateClientFor("tenant-a");
        var (id, secret) = await client.SubscribeAsync(new { url = _receiver.WebhookUrl, collections = new[] { _watched }, filter = new Dictionary<string, object> { ["fullDocument.status"] = "paid" } });
        _receiver.Trust(secret);
        var paid = TestEvents.Insert(_watched, "tenant-a", new BsonDocument { { "_id", 1 }, { "status", "paid" } });

        await _factory.PublishAsync(
            paid,
            TestEvents.Insert(_watched, "tenant-a", new BsonDocument { { "_id", 2 }, { "status", "open" } }),
            TestEvents.Insert(_watched, "tenant-b", new BsonDocument { { "_id", 3 }, { "status", "paid" } }));

        Assert.True(await _receiver.Inbox.WaitUntilAsync(i => i.UniqueCount >= 1, Wait));
        var rows = await client.DeliveriesAsync(id);
        Assert.Equal(1, rows.GetArrayLength());
        var received = Assert.Single(_receiver.Inbox.Unique);
        Assert.Equal(rows[0].GetProperty("id").GetString(), received.Id);
        Assert.Equal(0, _receiver.Inbox.RejectedCount);
        using var body = JsonDocument.Parse(received.Body);
        Assert.Equal($"{_watched}.insert", body.RootElement.GetProperty("type").GetString());
        Assert.Equal("paid", body.RootElement.GetProperty("data").GetProperty("fullDocument").GetProperty("status").GetString());
        Assert.True(await WaitForStateAsync(client, id, "succeeded", 1));

        // A first-attempt success is recorded in full in the delivery log.
        var row = (await client.DeliveriesAsync(id))[0];
        Assert.Equal(1, row.GetProperty("attempts").GetInt32());
        Assert.Equal(200, row.GetProperty("lastStatusCode").GetInt32());
        Assert.Equal(JsonValueKind.Null, row.GetProperty("lastError").ValueKind);
        Assert.Equal(JsonValueKind.Null, row.GetProperty("nextAttemptAt").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, row.GetProperty("completedAt").ValueKind);
        var attempt = Assert.Single(row.GetProperty("history").EnumerateArray());
        Assert.Equal(200, attempt.GetProperty("statusCode").GetInt32());
        Assert.Equal(JsonValueKind.Null, attempt.GetProperty("error").ValueKind);
    }

    [Fact]
    public async Task Deliver_ReceiverFailsTwiceWith500_RetriedSameIdUntilSuccess()
    {
        var calls = 0;
        _receiver.Responder = _ => Interlocked.Increment(ref calls) <= 2 ? Results.StatusCode(500) : null;
        using var client = _factory.CreateClientFor("tenant-a");
        var (id, secret) = await client.SubscribeAsync(new { url = _receiver.WebhookUrl, collections = new[] { _watched } });
        _receiver.Trust(secret);

        await _factory.PublishAsync(TestEvents.Insert(_watched, "tenant-a", new BsonDocument("_id", 1)));

        Assert.True(await _receiver.Inbox.WaitUntilAsync(i => i.All.Count >= 3, Wait));
        Assert.True(await WaitForStateAsync(client, id, "succeeded", 1));
        Assert.Single(_receiver.Inbox.All.Select(w => w.Id).Distinct());
        var row = (await client.DeliveriesAsync(id))[0];
        Assert.Equal(3, row.GetProperty("attempts").GetInt32());
        Assert.Equal([200, 500, 500], row.GetProperty("history").EnumerateArray().Select(a => a.GetProperty("statusCode").GetInt32()));
    }

    [Fact]
    public async Task Deliver_ReceiverHangs_TimesOutThenRetries()
    {
        var calls = 0;
        _receiver.Responder = _ => Interlocked.Increment(ref calls) == 1 ? new HangingResult() : null;
        using var client = _factory.CreateClientFor("tenant-a");
        var (id, secret) = await client.SubscribeAsync(new { url = _receiver.WebhookUrl, collections = new[] { _watched } });
        _receiver.Trust(secret);

        await _factory.PublishAsync(TestEvents.Insert(_watched, "tenant-a", new BsonDocument("_id", 1)));

        Assert.True(await WaitForStateAsync(client, id, "succeeded", 1));
        var history = (await client.DeliveriesAsync(id))[0].GetProperty("history");
        Assert.Equal(2, history.GetArrayLength());
        Assert.Contains("Timed out", history[1].GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deliver_429WithRetryAfter_NextAttemptNotBeforeIt()
    {
        var calls = 0;
        _receiver.Responder = _ => Interlocked.Increment(ref calls) == 1 ? new RetryAfterResult(1) : null;
        using var client = _factory.CreateClientFor("tenant-a");
        var (id, secret) = await client.SubscribeAsync(new { url = _receiver.WebhookUrl, collections = new[] { _watched } });
        _receiver.Trust(secret);

        await _factory.PublishAsync(TestEvents.Insert(_watched, "tenant-a", new BsonDocument("_id", 1)));

        Assert.True(await _receiver.Inbox.WaitUntilAsync(i => i.All.Count >= 2, Wait));
        var all = _receiver.Inbox.All;
        Assert.True(all[1].ReceivedAt - all[0].ReceivedAt >= TimeSpan.FromSeconds(0.9), $"retried after {(all[1].ReceivedAt - all[0].ReceivedAt).TotalMilliseconds} ms");
        Assert.True(await WaitForStateAsync(client, id, "succeeded", 1));
    }

    [Fact]
    public async Task Deliver_AlwaysFailing_DeadThenManualRetryAndRecoverDeliver()
    {
        var failing = true;
        _receiver.Responder = _ => Volatile.Read(ref failing) ? Results.StatusCode(503) : null;
        using var client = _factory.CreateClientFor("tenant-a");
        var (id, secret) = await client.SubscribeAsync(new { url = _receiver.WebhookUrl, collections = new[] { _watched } });
        _receiver.Trust(secret);
        var since = DateTimeOffset.UtcNow.AddMinutes(-1);

        await _factory.PublishAsync(
            TestEvents.Insert(_watched, "tenant-a", new BsonDocument("_id", 1)),
            TestEvents.Insert(_watched, "tenant-a", new BsonDocument("_id", 2)));

        Assert.True(await WaitForStateAsync(client, id, "dead", 2));
        var dead = await client.DeliveriesAsync(id, "dead");
        Assert.Equal(4, dead[0].GetProperty("attempts").GetInt32());
        Volatile.Write(ref failing, false);

        var retry = await client.PostAsync(new Uri($"/api/webhooks/{id}/deliveries/{dead[0].GetProperty("id").GetString()}/retry", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        Assert.True(await WaitForStateAsync(client, id, "succeeded", 1));

        var recover = await client.PostAsJsonAsync(new Uri($"/api/webhooks/{id}/recover", UriKind.Relative), new { since });
        Assert.Equal(1, (await recover.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requeued").GetInt32());
        Assert.True(await WaitForStateAsync(client, id, "succeeded", 2));
        Assert.Equal(2, _receiver.Inbox.Unique.Count(w => w.Body.Contains($"\"type\":\"{_watched}.insert\"", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Deliver_410Gone_DeliveryDeadAndSubscriptionDisabled()
    {
        _receiver.Responder = _ => Results.StatusCode(410);
        using var client = _factory.CreateClientFor("tenant-a");
        var (id, secret) = await client.SubscribeAsync(new { url = _receiver.WebhookUrl, collections = new[] { _watched } });
        _receiver.Trust(secret);

        await _factory.PublishAsync(TestEvents.Insert(_watched, "tenant-a", new BsonDocument("_id", 1)));

        Assert.True(await WaitForStateAsync(client, id, "dead", 1));
        var subscription = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/webhooks/{id}", UriKind.Relative));
        Assert.False(subscription.GetProperty("enabled").GetBoolean());
        Assert.Contains("410", subscription.GetProperty("disabledReason").GetString(), StringComparison.Ordinal);
        Assert.Single(_receiver.Inbox.All);
    }

    [Fact]
    public async Task RotateSecret_DuringGrace_BothSecretsVerifyEachDelivery()
    {
        using var client = _factory.CreateClientFor("tenant-a");
        var (id, oldSecret) = await client.SubscribeAsync(new { url = _receiver.WebhookUrl, collections = new[] { _watched } });

        var rotated = await (await client.PostAsJsonAsync(new Uri($"/api/webhooks/{id}/rotate-secret", UriKind.Relative), new { graceMinutes = 60 }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var newSecret = rotated.GetProperty("secret").GetString()!;
        Assert.NotEqual(oldSecret, newSecret);

        _receiver.TrustOnly(oldSecret);
        await _factory.PublishAsync(TestEvents.Insert(_watched, "tenant-a", new BsonDocument("_id", 1)));
        Assert.True(await _receiver.Inbox.WaitUntilAsync(i => i.UniqueCount >= 1, Wait));

        _receiver.TrustOnly(newSecret);
        await _factory.PublishAsync(TestEvents.Insert(_watched, "tenant-a", new BsonDocument("_id", 2)));
        Assert.True(await _receiver.Inbox.WaitUntilAsync(i => i.UniqueCount >= 2, Wait));

        Assert.Equal(0, _receiver.Inbox.RejectedCount);
        Assert.All(_receiver.Inbox.Unique, w => Assert.Equal(2, w.Signature.Split(' ').Length));
    }

    [Fact]
    public async Task TestPing_ReturnsReceiverAnswerSigned()
    {
        using var client = _factory.CreateClientFor("tenant-a");
        var (id, secret) = await client.SubscribeAsync(new { url = _receiver.WebhookUrl, collections = new[] { _watched } });
        _receiver.Trust(secret);

        var result = await (await client.PostAsync(new Uri($"/api/webhooks/{id}/test", UriKind.Relative), null)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(result.GetProperty("success").GetBoolean(), result.ToString());
        Assert.Equal(200, result.GetProperty("statusCode").GetInt32());
        Assert.Contains("webhook.test", Assert.Single(_receiver.Inbox.All).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outbox_SameBatchTwice_OneRowPerSubscriptionAndEvent()
    {
        using var client = _factory.CreateClientFor("tenant-a");
        var (first, s1) = await client.SubscribeAsync(new { url = _receiver.WebhookUrl, collections = new[] { _watched } });
        var (second, s2) = await client.SubscribeAsync(new { url = _receiver.WebhookUrl, collections = new[] { _watched } });
        _receiver.Trust(s1);
        _receiver.Trust(s2);
        var events = new[]
        {
            TestEvents.Insert(_watched, "tenant-a", new BsonDocument("_id", 1)),
            TestEvents.Insert(_watched, "tenant-a", new BsonDocument("_id", 2)),
        };

        await _factory.PublishAsync(events);
        await _factory.PublishAsync(events);

        Assert.Equal(2, (await client.DeliveriesAsync(first)).GetArrayLength());
        Assert.Equal(2, (await client.DeliveriesAsync(second)).GetArrayLength());
        Assert.True(await _receiver.Inbox.WaitUntilAsync(i => i.UniqueCount >= 4, Wait));
    }

    [Fact]
    public async Task Deliver_OrderedSubscription_InEventOrderDespiteFailures()
    {
        var calls = 0;
        _receiver.Responder = _ => Interlocked.Increment(ref calls) % 3 == 1 ? Results.StatusCode(500) : null;
        using var client = _factory.CreateClientFor("tenant-a");
        var (id, secret) = await client.SubscribeAsync(new { url = _receiver.WebhookUrl, collections = new[] { _watched }, ordered = true });
        _receiver.Trust(secret);
        var prefix = Guid.NewGuid().ToString("N");
        var ordered = Enumerable.Range(0, 5).Select(i => TestEvents.Insert(_watched, "tenant-a", new BsonDocument("_id", i), eventId: $"{prefix}_{i:D3}")).ToArray();
        var events = ordered.Reverse().ToArray();

        await _factory.PublishAsync(events);

        Assert.True(await WaitForStateAsync(client, id, "succeeded", 5));
        var firstSuccessOrder = _receiver.Inbox.All.GroupBy(w => w.Id).Select(g => g.Key).ToList();
        var expected = ordered.Select(e => PushGateway.Webhooks.Outbox.DeliveryIds.For(id, e.EventId)).ToList();
        Assert.Equal(expected, firstSuccessOrder);
    }

    [Fact]
    public async Task Outbox_OperationTypesAndAdminAllTenants_RowsOnlyForWhatWasSubscribed()
    {
        using var tenant = _factory.CreateClientFor("tenant-ops");
        using var admin = _factory.CreateClientFor("ops", admin: true);
        var (deletesOnly, _) = await tenant.SubscribeAsync(new { url = _receiver.WebhookUrl, collections = new[] { _watched }, operationTypes = new[] { "delete" } });
        var (everyTenant, _) = await admin.SubscribeAsync(new { url = _receiver.WebhookUrl, collections = new[] { _watched } });

        await _factory.PublishAsync(
            TestEvents.Insert(_watched, "tenant-ops", new BsonDocument("_id", 1)),
            TestEvents.Insert(_watched, "tenant-ops", new BsonDocument("_id", 1), operationType: "delete"),
            TestEvents.Insert(_watched, "tenant-zzz", new BsonDocument("_id", 2), operationType: "delete"));

        var tenantRows = await tenant.DeliveriesAsync(deletesOnly);
        Assert.Equal([$"{_watched}.delete"], tenantRows.EnumerateArray().Select(r => r.GetProperty("type").GetString()));
        Assert.Equal(3, (await admin.DeliveriesAsync(everyTenant)).GetArrayLength());
    }

    [Fact]
    public async Task Deliver_MaxPerSecond_SpreadsDeliveries()
    {
        using var client = _factory.CreateClientFor("tenant-a");
        var (_, secret) = await client.SubscribeAsync(new { url = _receiver.WebhookUrl, collections = new[] { _watched }, maxPerSecond = 2 });
        _receiver.Trust(secret);

        await _factory.PublishAsync([.. Enumerable.Range(0, 5).Select(i => TestEvents.Insert(_watched, "tenant-a", new BsonDocument("_id", i)))]);

        Assert.True(await _receiver.Inbox.WaitUntilAsync(i => i.UniqueCount >= 5, Wait));
        var times = _receiver.Inbox.All.Select(w => w.ReceivedAt).Order().ToList();
        // A burst of 2, then one every 0.5 s: the fifth cannot arrive before ~1.5 s after the first.
        Assert.True(times[^1] - times[0] >= TimeSpan.FromSeconds(1.2), $"5 deliveries within {(times[^1] - times[0]).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Metrics_AfterDelivery_ExposeWebhookInstruments()
    {
        using var client = _factory.CreateClientFor("tenant-a");
        var (id, secret) = await client.SubscribeAsync(new { url = _receiver.WebhookUrl, collections = new[] { _watched } });
        _receiver.Trust(secret);
        await _factory.PublishAsync(TestEvents.Insert(_watched, "tenant-a", new BsonDocument("_id", 1)));
        Assert.True(await WaitForStateAsync(client, id, "succeeded", 1));

        var metrics = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Contains("pushgateway_webhooks_deliveries_attempted", metrics, StringComparison.Ordinal);
        Assert.Contains($"subscription=\"{id}\"", metrics, StringComparison.Ordinal);
        Assert.Contains("pushgateway_webhooks_delivery_latency", metrics, StringComparison.Ordinal);
        Assert.Contains("pushgateway_webhooks_queue_depth", metrics, StringComparison.Ordinal);
        Assert.Contains("pushgateway_webhooks_queue_oldest_age", metrics, StringComparison.Ordinal);
    }

    public async Task InitializeAsync() => _receiver = await RunningReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    /// <summary>Waits (on receiver arrivals, and polling the API) until <paramref name="count"/> deliveries are in <paramref name="state"/>.</summary>
    private async Task<bool> WaitForStateAsync(HttpClient client, string id, string state, int count)
    {
        var deadline = DateTimeOffset.UtcNow + Wait;
        while (DateTimeOffset.UtcNow < deadline)
        {
            if ((await client.DeliveriesAsync(id, state)).GetArrayLength() >= count)
            {
                return true;
            }

            // Wait for the next arrival at the receiver, or a short while for state changes without one (dead, retry bookkeeping).
            var arrivals = _receiver.Inbox.All.Count + _receiver.Inbox.RejectedCount;
            await _receiver.Inbox.WaitUntilAsync(i => i.All.Count + i.RejectedCount > arrivals, TimeSpan.FromMilliseconds(100));
        }

        return false;
    }
}
