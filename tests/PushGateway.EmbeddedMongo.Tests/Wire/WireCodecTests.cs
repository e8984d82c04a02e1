using System.Buffers.Binary;
using MongoDB.Bson;
using MongoDB.Bson.IO;
using MongoDB.Bson.Serialization;
using PushGateway.EmbeddedMongo.Wire;

namespace PushGateway.EmbeddedMongo.Tests.Wire;

/// <summary>The server reads requests with its own value builder: it must read exactly what the driver's deserializer reads.</summary>
public sealed class WireCodecTests
{
    private static readonly BsonDocument EveryType = new()
    {
        { "insert", "c" }, { "$db", "test" },
        { "d", 1.5 }, { "nan", double.NaN }, { "s", "héllo ✓" }, { "empty", "" }, { "i", 42 }, { "l", 42L }, { "m", Decimal128.Parse("1.25") },
        { "b", true }, { "f", false }, { "n", BsonNull.Value }, { "u", BsonUndefined.Value }, { "when", new BsonDateTime(1_700_000_000_000) },
        { "ts", new BsonTimestamp(5, 6) }, { "re", new BsonRegularExpression("^a.*", "i") },
        { "bin", new BsonBinaryData([1, 2, 3]) }, { "old", new BsonBinaryData([4, 5], (BsonBinarySubType)2) },
        { "uuid", new BsonBinaryData(Guid.NewGuid(), GuidRepresentation.Standard) },
        { "js", new BsonJavaScript("x => x") }, { "jss", new BsonJavaScriptWithScope("f()", new BsonDocument("a", 1)) },
        { "sym", BsonSymbol.Create("sym") }, { "min", BsonMinKey.Value }, { "max", BsonMaxKey.Value }, { "oid", ObjectId.GenerateNewId() },
        { "arr", new BsonArray { 1, "two", new BsonDocument("three", 3), new BsonArray { 4L } } },
        { "nested", new BsonDocument("deeper", new BsonDocument("ünïcode ✓", "x")) },
    };

    [Fact]
    public void Decode_EveryBsonType_SameDocumentAsTheDriverDeserializer()
    {
        var rows = new[] { new BsonDocument { { "_id", 1 }, { "x", EveryType["arr"] } }, new BsonDocument("_id", 2) };

        var request = Decode(Msg(EveryType, ("documents", rows))).Request!;

        var expected = BsonSerializer.Deserialize<BsonDocument>(EveryType.ToBson());
        expected["documents"] = new BsonArray(rows);
        Assert.Equal(Strict(expected), Strict(request.Command));
    }

    [Fact]
    public void Decode_SameNamesTwice_BothDocumentsComplete()
    {
        var first = Decode(Msg(new BsonDocument { { "find", "c" }, { "filter", new BsonDocument("state", "a") }, { "$db", "x" } })).Request!;
        var second = Decode(Msg(new BsonDocument { { "find", "d" }, { "filter", new BsonDocument("state", "b") }, { "$db", "y" } })).Request!;

        Assert.Equal("a", first.Command["filter"]["state"].AsString);
        Assert.Equal("d", second.Command["find"].AsString);
        Assert.Equal("b", second.Command["filter"]["state"].AsString);
    }

    [Fact]
    public void Decode_TruncatedDocument_FailsAsMalformed()
    {
        var message = Msg(new BsonDocument { { "ping", 1 }, { "$db", "admin" } });
        BinaryPrimitives.WriteInt32LittleEndian(message.AsSpan(21), 1000); // the document claims more bytes than the message has

        var result = Decode(message);

        Assert.Null(result.Request);
        Assert.Equal("malformed message", result.Failure);
    }

    [Fact]
    public void Decode_InvalidUtf8Name_FailsLikeTheDriver()
    {
        var bytes = new BsonDocument { { "ab", 1 }, { "$db", "admin" } }.ToBson();
        bytes[5] = 0xC3; // "ab" -> a lone lead byte followed by 'b': not UTF-8
        var message = Msg(bytes);

        var driver = Record.Exception(() => BsonSerializer.Deserialize<BsonDocument>(bytes));
        var server = Record.Exception(() => Decode(message));

        Assert.NotNull(driver);
        Assert.Equal(driver.GetType(), server?.GetType());
    }

    [Fact]
    public void WriteMsgReply_EveryBsonType_SameBytesAsTheDriver()
    {
        var reply = EveryType.DeepClone().AsBsonDocument;
        reply.Remove("old"); // old-style binary is left to the driver (next test)
        reply["jss"] = new BsonJavaScriptWithScope("g()", new BsonDocument { { "s", "ü" }, { "a", new BsonArray { 1, 2 } } });

        Assert.Equal(reply.ToBson(), WrittenDocument(reply));
    }

    [Fact]
    public void WriteMsgReply_OldBinarySubtype_SameBytesAsTheDriver()
    {
        var reply = new BsonDocument { { "ok", 1.0 }, { "old", EveryType["old"] } };

        Assert.Equal(reply.ToBson(), WrittenDocument(reply));
    }

    [Fact]
    public void WriteMsgReply_LargeBatchGrowingTheBuffer_SameBytesAsTheDriver()
    {
        var batch = new BsonArray(Enumerable.Range(0, 3000).Select(i => new BsonDocument { { "_id", ObjectId.GenerateNewId() }, { "i", i }, { "body", new string('x', i % 200) + "✓" } }));
        var reply = new BsonDocument { { "cursor", new BsonDocument { { "nextBatch", batch }, { "id", 5L }, { "ns", "db.c" } } }, { "ok", 1.0 } };

        Assert.Equal(reply.ToBson(), WrittenDocument(reply));
    }

    [Fact]
    public void WriteMsgReply_RegexWithNul_FailsLikeTheDriver()
    {
        var reply = new BsonDocument { { "ok", 1.0 }, { "re", new BsonRegularExpression("a\0b", "i") } };

        var driver = Record.Exception(() => reply.ToBson());
        var server = Record.Exception(() => WireCodec.WriteMsgReply(new MemoryStream(), 1, reply));

        Assert.NotNull(driver);
        Assert.Equal(driver.GetType(), server?.GetType());
    }

    [Fact]
    public void WriteMsgReply_ReusedStream_HeaderAndLengthOfTheNewReply()
    {
        using var target = new MemoryStream();
        WireCodec.WriteMsgReply(target, 7, new BsonDocument("long", new string('y', 5000)));
        var reply = new BsonDocument("ok", 1.0);

        WireCodec.WriteMsgReply(target, 8, reply);

        var buffer = target.GetBuffer().AsSpan(0, (int)target.Length);
        Assert.Equal(target.Length, BinaryPrimitives.ReadInt32LittleEndian(buffer));
        Assert.Equal(8, BinaryPrimitives.ReadInt32LittleEndian(buffer[8..]));
        Assert.Equal(2013, BinaryPrimitives.ReadInt32LittleEndian(buffer[12..]));
        Assert.Equal(reply.ToBson(), buffer[21..].ToArray());
    }

    // The document of an OP_MSG reply: after the header, the flags and the section kind.
    private static byte[] WrittenDocument(BsonDocument reply)
    {
        using var target = new MemoryStream();
        WireCodec.WriteMsgReply(target, 1, reply);
        return target.GetBuffer().AsSpan(21, (int)target.Length - 21).ToArray();
    }

    private static WireDecodeResult Decode(byte[] message) => WireCodec.Decode(message, message.Length);

    // Canonical extended JSON keeps the BSON types (1 vs 1L), so equal text means the same values of the same types.
    private static string Strict(BsonDocument document) => document.ToJson(new JsonWriterSettings { OutputMode = JsonOutputMode.CanonicalExtendedJson });

    private static byte[] Msg(BsonDocument command, params (string Name, BsonDocument[] Documents)[] sequences) => Msg(command.ToBson(), sequences);

    private static byte[] Msg(byte[] command, params (string Name, BsonDocument[] Documents)[] sequences)
    {
        using var body = new MemoryStream();
        body.Write(new byte[4]);
        body.WriteByte(0);
        body.Write(command);
        foreach (var (name, documents) in sequences)
        {
            var payload = documents.SelectMany(d => d.ToBson()).ToArray();
            var nameBytes = System.Text.Encoding.UTF8.GetBytes(name);
            body.WriteByte(1);
            body.Write(BitConverter.GetBytes(4 + nameBytes.Length + 1 + payload.Length));
            body.Write(nameBytes);
            body.WriteByte(0);
            body.Write(payload);
        }

        var message = new byte[16 + body.Length];
        BinaryPrimitives.WriteInt32LittleEndian(message, message.Length);
        BinaryPrimitives.WriteInt32LittleEndian(message.AsSpan(12), 2013);
        body.ToArray().CopyTo(message, 16);
        return message;
    }
}
