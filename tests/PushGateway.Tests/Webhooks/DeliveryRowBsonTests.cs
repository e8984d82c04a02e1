using System.Text;
using MongoDB.Bson;
using PushGateway.Webhooks;
using PushGateway.Webhooks.Delivery;

namespace PushGateway.Tests.Webhooks;

public sealed class DeliveryRowBsonTests
{
    public DeliveryRowBsonTests() => WebhookBson.Register();

    [Theory]
    [InlineData("t1", "lease-token")]
    [InlineData(null, null)]
    public void Encode_NewRow_SameDocumentAsClassMap(string? tenantId, string? leaseToken)
    {
        var row = Row(tenantId, leaseToken, """{"type":"shop.orders.insert","data":{"name":"Zoë ✓ 𝄞"}}""");

        var encoded = DeliveryRowBson.Encode(row, new EncodeArena());

        // Byte for byte what the class map writes: the same names, order, types and values, so rows written either
        // way read, match and index alike.
        var bytes = new byte[encoded.Slice.Length];
        encoded.Slice.GetBytes(0, bytes, 0, bytes.Length);
        Assert.Equal(row.ToBson(), bytes);
        Assert.Equal(Encoding.UTF8.GetString(row.Body), encoded["body"].AsString);
    }

    [Fact]
    public void Encode_RowReadBack_BodyBytesUnchanged()
    {
        var row = Row("t1", "lease", """{"a":"Zoë"}""");

        var read = MongoDB.Bson.Serialization.BsonSerializer.Deserialize<DeliveryRow>(DeliveryRowBson.Encode(row, new EncodeArena()));

        Assert.Equal(row.Body, read.Body);
        Assert.Equal(row.Id, read.Id);
        Assert.Equal(row.DueAt, read.DueAt);
        Assert.Equal("lease", read.LeaseToken);
        Assert.Empty(read.History);
    }

    [Fact]
    public void ReadBack_FromDriverBuffer_BodyBytesCopied_ReaderGoesOn()
    {
        // As the driver reads a find reply: a reader over a ByteBufferStream. The body's bytes are taken as they are
        // (multi-byte characters included), and the fields after it still read.
        var row = Row("t1", "lease", """{"a":"Zoë ✓ 𝄞"}""");
        var bytes = row.ToBson();
        using var stream = new MongoDB.Bson.IO.ByteBufferStream(new MongoDB.Bson.IO.ByteArrayBuffer(bytes, isReadOnly: true));
        using var reader = new MongoDB.Bson.IO.BsonBinaryReader(stream);

        var read = MongoDB.Bson.Serialization.BsonSerializer.Deserialize<DeliveryRow>(reader);

        Assert.Equal(row.Body, read.Body);
        Assert.Equal(row.EventTime, read.EventTime);
        Assert.Equal(row.State, read.State);
        Assert.Equal("lease", read.LeaseToken);
        Assert.Equal(bytes.Length, stream.Position);
    }

    [Fact]
    public void ReadBack_InvalidUtf8Body_FailsAsTheDriverFails()
    {
        var row = Row("t1", null, "{\"a\":\"zqzq\"}");
        var bytes = row.ToBson();
        bytes[bytes.AsSpan().IndexOf("zqzq"u8)] = 0xC3; // a lead byte followed by an ASCII byte: not UTF-8

        // The driver's strict UTF-8 decoder rejects it (as a plain document read does), wrapped by the class map.
        var expected = Record.Exception(() => MongoDB.Bson.Serialization.BsonSerializer.Deserialize<BsonDocument>(bytes));
        var actual = Record.Exception(() => MongoDB.Bson.Serialization.BsonSerializer.Deserialize<DeliveryRow>(bytes));

        Assert.IsType<System.Text.DecoderFallbackException>(expected);
        var wrapped = Assert.IsType<FormatException>(actual);
        Assert.IsType<System.Text.DecoderFallbackException>(wrapped.InnerException);
        Assert.Contains("Body", wrapped.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_BatchAcrossChunksAndLargeRow_EachRowSameDocumentAsClassMap()
    {
        // A batch shares pooled 64 KiB chunks: rows that fill several chunks and one larger than a chunk must each still
        // be exactly their own document.
        using var arena = new EncodeArena();
        var rows = Enumerable.Range(0, 300)
            .Select(i => Row("t1", "lease", $$"""{"i":{{i}},"pad":"{{new string('p', i == 150 ? 70_000 : 400)}}"}"""))
            .ToList();

        var encoded = rows.Select(row => DeliveryRowBson.Encode(row, arena)).ToList();

        for (var i = 0; i < rows.Count; i++)
        {
            var bytes = new byte[encoded[i].Slice.Length];
            encoded[i].Slice.GetBytes(0, bytes, 0, bytes.Length);
            Assert.Equal(rows[i].ToBson(), bytes);
        }
    }

    [Fact]
    public void Encode_RowWithAnOutcome_Refused()
    {
        var row = Row("t1", null, "{}");
        row.LastError = "earlier failure";

        Assert.Throws<InvalidOperationException>(() => DeliveryRowBson.Encode(row, new EncodeArena()));
    }

    private static DeliveryRow Row(string? tenantId, string? leaseToken, string body)
    {
        var now = new DateTime(2026, 11, 27, 10, 0, 0, 123, DateTimeKind.Utc);
        return new DeliveryRow
        {
            Id = "msg_0123456789abcdef0123456789abcdef",
            SubscriptionId = "wh_1",
            TenantId = tenantId,
            Collection = "shop.orders",
            EventId = "8200000000000000012B0229296E04",
            Type = "shop.orders.insert",
            Body = Encoding.UTF8.GetBytes(body),
            EventTime = now.AddMilliseconds(-5),
            CreatedAt = now,
            State = DeliveryState.Pending,
            DueAt = now.AddMinutes(1),
            LeaseToken = leaseToken,
        };
    }
}
