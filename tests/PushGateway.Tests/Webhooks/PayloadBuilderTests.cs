using System.Text;
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

        Assert.Equal("shop.orders.insert", body.RootElement.GetProperty("type").GetString());
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

        var json = Encoding.UTF8.GetString(PayloadBuilder.Build(change, Compile(new WebhookSubscription()), 2048));

        using var body = JsonDocument.Parse(json);
        Assert.True(Encoding.UTF8.GetByteCount(json) <= 2048);
        Assert.True(body.RootElement.GetProperty("data").GetProperty("truncated").GetBoolean());
        Assert.False(body.RootElement.GetProperty("data").TryGetProperty("fullDocument", out _));
    }

    [Fact]
    public void Build_BsonTypes_CompactRelaxedExtendedJsonWithShortestNumbers()
    {
        var id = ObjectId.Parse("6745f0c2a1b2c3d4e5f60718");
        var change = TestEvents.Insert("shop.orders", "t1", new BsonDocument
        {
            { "_id", id }, { "price", 19.99 }, { "ratio", 0.1 + 0.2 }, { "whole", 3.0 }, { "count", 7 }, { "big", 9_007_199_254_740_993L },
            { "at", new BsonDateTime(new DateTime(2026, 11, 26, 10, 0, 0, 123, DateTimeKind.Utc)) }, { "amount", new Decimal128(12.50m) },
            { "nan", double.NaN }, { "tags", new BsonArray { "a", BsonNull.Value } },
        });

        var json = Encoding.UTF8.GetString(PayloadBuilder.Build(change, Compile(new WebhookSubscription()), 1 << 20));

        Assert.DoesNotContain(" ", json, StringComparison.Ordinal);
        Assert.Contains("""
            "fullDocument":{"_id":{"$oid":"6745f0c2a1b2c3d4e5f60718"},"price":19.99,"ratio":0.30000000000000004,"whole":3.0,"count":7,"big":9007199254740993,"at":{"$date":"2026-11-26T10:00:00.123Z"},"amount":{"$numberDecimal":"12.50"},"nan":{"$numberDouble":"NaN"},"tags":["a",null]}
            """, json, StringComparison.Ordinal);
        var roundTripped = BsonDocument.Parse(json)["data"]["fullDocument"].AsBsonDocument;
        Assert.True(double.IsNaN(roundTripped["nan"].AsDouble));
        roundTripped.Remove("nan");
        Assert.Equal(change.Document["fullDocument"].AsBsonDocument.Where(e => e.Name != "nan"), roundTripped);
    }

    [Fact]
    public void DeliveryIds_SameSubscriptionAndEvent_SameId()
    {
        Assert.Equal(DeliveryIds.For("wh_1", "e1"), DeliveryIds.For("wh_1", "e1"));
        Assert.NotEqual(DeliveryIds.For("wh_1", "e1"), DeliveryIds.For("wh_2", "e1"));
        Assert.NotEqual(DeliveryIds.For("wh_1", "e1"), DeliveryIds.For("wh_1", "e2"));
        Assert.StartsWith("msg_", DeliveryIds.For("wh_1", "e1"), StringComparison.Ordinal);
    }

    [Fact]
    public void DeliveryIds_AnyVersion_SameIdAsStoredRows()
    {
        // Rows already stored carry these ids: a replay after an upgrade must hit the same keys.
        Assert.Equal("msg_" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("wh_1\ne1"u8)[..16]), DeliveryIds.For("wh_1", "e1"));
        Assert.Equal(36, DeliveryIds.For("wh_" + new string('x', 600), "8200000000000000012B0229296E04").Length);
    }

    [Fact]
    public void Build_Insert_ExactEnvelopeBytes()
    {
        var change = TestEvents.Insert("shop.orders", "t1", new BsonDocument { { "_id", 1 }, { "total", 19.99 } });

        var json = Encoding.UTF8.GetString(PayloadBuilder.Build(change, Compile(new WebhookSubscription()), 1 << 20));

        var timestamp = change.WallTime.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal($$"""{"type":"shop.orders.insert","timestamp":"{{timestamp}}","data":{{CompactJson.Write(change.Document)}}}""", json);
        Assert.Contains("\"total\":19.99", json, StringComparison.Ordinal);
    }

    private static CompiledSubscription Compile(WebhookSubscription subscription)
    {
        subscription.Id = "wh_test";
        subscription.Collections = ["shop.orders"];
        return CompiledSubscription.Compile(subscription)!;
    }
}
