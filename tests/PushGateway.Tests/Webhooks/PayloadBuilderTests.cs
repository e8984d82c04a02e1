using System.Text.Json;
using MongoDB.Bson;
using PushGateway.Webhooks.Outbox;
using PushGateway.Webhooks.Subscriptions;

namespace PushGateway.Tests.Webhooks;

public sealed class PayloadBuilderTests
{
    [Fact]
    public void Build_Insert_HasTypeTimestampAndChangeEvent()
    {
        var change = TestEvents.Insert("shop.orders", "t1", new BsonDocument { { "_id", 1 }, { "status", "paid" } });

        using var body = JsonDocument.Parse(PayloadBuilder.Build(change, Compile(new WebhookSubscription()), 1 << 20));

        Assert.Equal("orders.insert", body.RootElement.GetProperty("type").GetString());
        Assert.True(DateTimeOffset.TryParse(body.RootElement.GetProperty("timestamp").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _));
        var data = body.RootElement.GetProperty("data");
        Assert.Equal("insert", data.GetProperty("operationType").GetString());
        Assert.Equal("paid", data.GetProperty("fullDocument").GetProperty("status").GetString());
        Assert.Equal("orders", data.GetProperty("ns").GetProperty("coll").GetString());
    }

    [Fact]
    public void Build_FullDocumentFalse_OmitsDocument()
    {
        var change = TestEvents.Insert("shop.orders", "t1", new BsonDocument { { "_id", 1 }, { "status", "paid" } });

        using var body = JsonDocument.Parse(PayloadBuilder.Build(change, Compile(new WebhookSubscription { FullDocument = false }), 1 << 20));

        Assert.False(body.RootElement.GetProperty("data").TryGetProperty("fullDocument", out _));
        Assert.True(body.RootElement.GetProperty("data").TryGetProperty("documentKey", out _));
        Assert.True(change.Document.Contains("fullDocument"));
    }

    [Fact]
    public void Build_Fields_KeepsOnlyThoseAndIdentifiers()
    {
        var change = TestEvents.Insert("shop.orders", "t1", new BsonDocument { { "_id", 1 }, { "status", "paid" }, { "secret", "x" } });

        using var body = JsonDocument.Parse(PayloadBuilder.Build(change, Compile(new WebhookSubscription { Fields = ["fullDocument.status"] }), 1 << 20));

        var data = body.RootElement.GetProperty("data");
        Assert.Equal("paid", data.GetProperty("fullDocument").GetProperty("status").GetString());
        Assert.False(data.GetProperty("fullDocument").TryGetProperty("secret", out _));
        Assert.True(data.TryGetProperty("documentKey", out _));
    }

    [Fact]
    public void Build_OverSizeCap_TruncatesDocuments()
    {
        var change = TestEvents.Insert("shop.orders", "t1", new BsonDocument { { "_id", 1 }, { "blob", new string('x', 5000) } });

        var json = PayloadBuilder.Build(change, Compile(new WebhookSubscription()), 2048);

        using var body = JsonDocument.Parse(json);
        Assert.True(json.Length < 2048);
        Assert.True(body.RootElement.GetProperty("data").GetProperty("truncated").GetBoolean());
        Assert.False(body.RootElement.GetProperty("data").TryGetProperty("fullDocument", out _));
    }

    [Fact]
    public void DeliveryIds_SameSubscriptionAndEvent_SameId()
    {
        Assert.Equal(DeliveryIds.For("wh_1", "e1"), DeliveryIds.For("wh_1", "e1"));
        Assert.NotEqual(DeliveryIds.For("wh_1", "e1"), DeliveryIds.For("wh_2", "e1"));
        Assert.NotEqual(DeliveryIds.For("wh_1", "e1"), DeliveryIds.For("wh_1", "e2"));
        Assert.StartsWith("msg_", DeliveryIds.For("wh_1", "e1"), StringComparison.Ordinal);
    }

    private static CompiledSubscription Compile(WebhookSubscription subscription)
    {
        subscription.Id = "wh_test";
        subscription.Collections = ["shop.orders"];
        return CompiledSubscription.Compile(subscription)!;
    }
}
