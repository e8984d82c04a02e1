using System.Text;
using MongoDB.Bson;
using PushGateway.Webhooks;
using PushGateway.Webhooks.Delivery;

namespace PushGateway.Tests.Webhooks;

public sealed class CompletionBsonTests
{
    private static readonly DateTime At = new(2026, 11, 27, 18, 0, 0, 456, DateTimeKind.Utc);

    public CompletionBsonTests() => WebhookBson.Register();

    [Theory]
    [InlineData("lease-token")]
    [InlineData(null)]
    public void Leased_Row_SameBytesAsDocumentFilter(string? leaseToken)
    {
        var row = Row(attempts: 0, lastError: null, leaseToken);

        var encoded = CompletionBson.Leased(new BsonScratch(), row);

        Assert.Equal(DeliveryUpdates.Leased(row).ToBson(), Bytes(encoded));
    }

    [Theory]
    [InlineData(0, null, 200, null, null)]
    [InlineData(0, "timeout", 204, "ok", null)]
    [InlineData(2, null, 200, "Zoë ✓ 𝄞", null)]
    [InlineData(3, "HTTP 503", null, null, "connection refused")]
    public void Succeeded_Attempt_SameBytesAsDocumentUpdate(int attempts, string? lastError, int? status, string? excerpt, string? error)
    {
        // Byte for byte the readable definition (DeliveryUpdates.Succeeded): the same operators, names, order and
        // types, so the stored row, its history and every reader see no difference.
        var row = Row(attempts, lastError, "lease");
        var attempt = new DeliveryAttempt { At = At, StatusCode = status, DurationMs = 12.75, ResponseExcerpt = excerpt, Error = error };

        var encoded = CompletionBson.Succeeded(new BsonScratch(), row, attempt, keep: 10);

        Assert.Equal(DeliveryUpdates.Succeeded(row, attempt, 10).ToBson(), encoded.ToBson());
    }

    [Fact]
    public void Succeeded_ScratchReusedForManyRows_EachDocumentOwnBytes()
    {
        var scratch = new BsonScratch();
        var first = Row(0, null, "lease-1");
        var second = Row(1, "earlier", "lease-2");
        second.Id = "msg_other";
        var longExcerpt = new string('x', 4096);
        var attempt = new DeliveryAttempt { At = At, StatusCode = 200, DurationMs = 1, ResponseExcerpt = longExcerpt };

        var filterOne = CompletionBson.Leased(scratch, first);
        var updateOne = CompletionBson.Succeeded(scratch, first, attempt, 5);
        var filterTwo = CompletionBson.Leased(scratch, second);
        var updateTwo = CompletionBson.Succeeded(scratch, second, attempt, 5);

        Assert.Equal(DeliveryUpdates.Leased(first).ToBson(), Bytes(filterOne));
        Assert.Equal(DeliveryUpdates.Succeeded(first, attempt, 5).ToBson(), updateOne.ToBson());
        Assert.Equal(DeliveryUpdates.Leased(second).ToBson(), Bytes(filterTwo));
        Assert.Equal(DeliveryUpdates.Succeeded(second, attempt, 5).ToBson(), updateTwo.ToBson());
    }

    private static byte[] Bytes(RawBsonDocument document)
    {
        var bytes = new byte[document.Slice.Length];
        document.Slice.GetBytes(0, bytes, 0, bytes.Length);
        return bytes;
    }

    private static DeliveryRow Row(int attempts, string? lastError, string? leaseToken) => new()
    {
        Id = "msg_0123456789abcdef0123456789abcdef",
        SubscriptionId = "wh_1",
        TenantId = "t1",
        Collection = "shop.orders",
        EventId = "8200000000000000012B0229296E04",
        Type = "shop.orders.insert",
        Body = Encoding.UTF8.GetBytes("{}"),
        EventTime = At,
        CreatedAt = At,
        State = DeliveryState.Pending,
        DueAt = At.AddMinutes(1),
        LeaseToken = leaseToken,
        Attempts = attempts,
        LastError = lastError,
    };
}
