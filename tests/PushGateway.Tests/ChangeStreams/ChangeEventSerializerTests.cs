using MongoDB.Bson;
using MongoDB.Bson.IO;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Serializers;
using PushGateway.ChangeStreams;

namespace PushGateway.Tests.ChangeStreams;

public sealed class ChangeEventSerializerTests
{
    private static readonly BsonDocument Event = new()
    {
        { "_id", new BsonDocument("_data", "82665F1A2B000000012B022C0100296E5A1004") },
        { "operationType", "update" },
        { "clusterTime", new BsonTimestamp(1_700_000_000, 3) },
        { "wallTime", new BsonDateTime(new DateTime(2026, 11, 27, 18, 0, 0, DateTimeKind.Utc)) },
        { "ns", new BsonDocument { { "db", "shop" }, { "coll", "orders" } } },
        { "documentKey", new BsonDocument("_id", ObjectId.Parse("665f1a2b0000000000000001")) },
        {
            "fullDocument", new BsonDocument
            {
                { "_id", ObjectId.Parse("665f1a2b0000000000000001") },
                { "tenant", "acme" },
                { "total", 12.5m },
                { "count", 3L },
                { "small", 7 },
                { "flag", true },
                { "none", BsonNull.Value },
                { "bytes", new BsonBinaryData([1, 2, 3]) },
                { "größe", "ü" },
                { new string('n', 100), "a name longer than the cache keeps" },
                { "lines", new BsonArray { new BsonDocument { { "sku", "a" }, { "qty", 1 } }, new BsonArray { 1, "x" }, 2.5 } },
                { "meta", new BsonDocument { { "tenant", "acme" }, { "tags", new BsonArray() } } },
            }
        },
        { "updateDescription", new BsonDocument { { "updatedFields", new BsonDocument("small", 7) }, { "removedFields", new BsonArray { "old" } } } },
    };

    [Fact]
    public void Deserialize_ChangeEvent_SameDocumentAsDriverSerializer()
    {
        var bytes = Event.ToBson();

        var expected = Read(BsonDocumentSerializer.Instance, bytes);
        var actual = Read(new ChangeEventSerializer(), bytes);

        Assert.Equal(expected, actual);
        Assert.Equal(bytes, actual.ToBson());
        Assert.Equal(expected.Names, actual.Names);
        Assert.Equal(expected["fullDocument"].AsBsonDocument.Names, actual["fullDocument"].AsBsonDocument.Names);
        Assert.Equal(expected["fullDocument"]["total"].BsonType, actual["fullDocument"]["total"].BsonType);
    }

    [Fact]
    public void Deserialize_FromDriverBatchBuffer_SameDocument_ReaderMovedPast()
    {
        // As the driver reads a change-stream batch: a reader over a ByteBufferStream (the events are read from their
        // bytes there), positioned at one event inside a larger buffer.
        var bytes = Event.ToBson();
        var buffer = new byte[bytes.Length + 16];
        bytes.CopyTo(buffer, 8);
        using var stream = new ByteBufferStream(new ByteArrayBuffer(buffer, isReadOnly: true)) { Position = 8 };
        using var reader = new BsonBinaryReader(stream);

        var actual = new ChangeEventSerializer().Deserialize(BsonDeserializationContext.CreateRoot(reader));

        Assert.Equal(Read(BsonDocumentSerializer.Instance, bytes), actual);
        Assert.Equal(bytes, actual.ToBson());
        Assert.Equal(8 + bytes.Length, stream.Position);

    }

    [Fact]
    public void Deserialize_FromDriverBatchBuffer_CommonTypes_ReadFromBytes()
    {
        // Without the rarer types (Decimal128 above sends the event through the driver's reader): read from the bytes,
        // which shares short values such as the tenant between events (the driver's reader makes a new string each time).
        var plain = Event.DeepClone().AsBsonDocument;
        plain["fullDocument"].AsBsonDocument.Remove("total");
        var bytes = plain.ToBson();

        BsonDocument ReadFromBuffer()
        {
            using var stream = new ByteBufferStream(new ByteArrayBuffer(bytes, isReadOnly: true));
            using var reader = new BsonBinaryReader(stream);
            var document = new ChangeEventSerializer().Deserialize(BsonDeserializationContext.CreateRoot(reader));
            Assert.Equal(bytes.Length, stream.Position);
            return document;
        }

        var first = ReadFromBuffer();
        var second = ReadFromBuffer();

        Assert.Equal(Read(BsonDocumentSerializer.Instance, bytes), first);
        Assert.Equal(bytes, first.ToBson());
        Assert.Same(first["fullDocument"]["tenant"].AsString, second["fullDocument"]["tenant"].AsString);
    }

    [Fact]
    public void Deserialize_RepeatedEvents_ShareElementNames()
    {
        var serializer = new ChangeEventSerializer();
        var bytes = Event.ToBson();

        var first = Read(serializer, bytes);
        var second = Read(serializer, bytes);

        Assert.Equal(first, second);
        Assert.Same(first.GetElement("operationType").Name, second.GetElement("operationType").Name);
        Assert.Same(
            first["fullDocument"]["meta"].AsBsonDocument.GetElement("tenant").Name,
            second["fullDocument"]["meta"].AsBsonDocument.GetElement("tenant").Name);
    }

    [Fact]
    public void Deserialize_InvalidUtf8Name_RejectedLikeDriverSerializer()
    {
        var bytes = new BsonDocument("ab", 1).ToBson();
        bytes[5] = 0xFF; // the name's first byte: not UTF-8

        var expected = Record.Exception(() => Read(BsonDocumentSerializer.Instance, bytes));
        var actual = Record.Exception(() => Read(new ChangeEventSerializer(), bytes));

        Assert.NotNull(expected);
        Assert.NotNull(actual);
        Assert.Equal(expected.GetType(), actual.GetType());
    }

    [Fact]
    public void Deserialize_DuplicateNames_TreatedLikeDriverSerializer()
    {
        var duplicated = new BsonDocument(allowDuplicateNames: true) { { "a", 1 }, { "a", 2 } }.ToBson();

        var expected = Record.Exception(() => Read(BsonDocumentSerializer.Instance, duplicated));
        var actual = Record.Exception(() => Read(new ChangeEventSerializer(), duplicated));

        Assert.Equal(expected?.GetType(), actual?.GetType());
    }

    private static BsonDocument Read(IBsonSerializer<BsonDocument> serializer, byte[] bytes)
    {
        using var reader = new BsonBinaryReader(new MemoryStream(bytes));
        return serializer.Deserialize(BsonDeserializationContext.CreateRoot(reader));
    }
}
