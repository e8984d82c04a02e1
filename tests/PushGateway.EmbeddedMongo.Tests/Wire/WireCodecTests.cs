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
    public void Decode_CommonTypes_SameDocumentAsTheDriverDeserializer()
    {
        var command = new BsonDocument
        {
            { "update", "c" }, { "$db", "test" }, { "d", -0.0 }, { "nan", double.NaN }, { "s", "héllo ✓ 𝄞" }, { "empty", "" }, { "nul", "a\0b" },
            { "i", int.MinValue }, { "l", long.MaxValue }, { "b", true }, { "f", false }, { "n", BsonNull.Value },
            { "when", new BsonDateTime(-1) }, { "max", new BsonDateTime(DateTime.MaxValue) }, { "ts", new BsonTimestamp(5, 6) }, { "oid", ObjectId.GenerateNewId() },
            { "bin", new BsonBinaryData([1, 2, 3]) }, { "none", new BsonBinaryData([]) }, { "uuid", new BsonBinaryData(Guid.NewGuid(), GuidRepresentation.Standard) },
            { "legacy", new BsonBinaryData(Guid.NewGuid().ToByteArray(), BsonBinarySubType.UuidLegacy) },
            { "arr", new BsonArray { 1, "two", new BsonDocument("three", 3), new BsonArray { 4L, new BsonArray() } } }, { "doc", new BsonDocument() },
            { "nested", new BsonDocument("deeper", new BsonDocument("ünïcode ✓", "x")) },
        };

        var request = Decode(Msg(command)).Request!;

        Assert.Equal(Strict(BsonSerializer.Deserialize<BsonDocument>(command.ToBson())), Strict(request.Command));
    }

    public static TheoryData<string> Corruptions => ["boolean 2", "string without terminator", "string length 0", "invalid UTF-8 value", "duplicate name",
        "old DateTime max", "UUID of 15 bytes", "nested size too small", "nested size too large", "unknown type", "array name not ASCII", "negative binary length"];

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void Decode_OddBytes_SameOutcomeAsTheDriver(string corruption)
    {
        var bytes = Corrupt(corruption);

        var driver = Record.Exception(() => BsonSerializer.Deserialize<BsonDocument>(bytes));
        WireDecodeResult result = default;
        var server = Record.Exception(() => result = Decode(Msg(bytes)));

        if (driver is null)
        {
            Assert.Null(server);
            Assert.Equal(Strict(BsonSerializer.Deserialize<BsonDocument>(bytes)), Strict(result.Request!.Command));
        }
        else if (driver is FormatException or ArgumentOutOfRangeException or IndexOutOfRangeException or EndOfStreamException or BsonSerializationException)
        {
            Assert.Null(server);
            Assert.Equal("malformed message", result.Failure);
        }
        else
        {
            Assert.Equal(driver.GetType(), server?.GetType());
        }
    }

    // A command {ping: 1, $db: "admin", x: <value>} whose bytes are then changed as named.
    private static byte[] Corrupt(string corruption)
    {
        BsonValue x = corruption switch
        {
            "boolean 2" => true,
            "string without terminator" or "string length 0" or "invalid UTF-8 value" => "abc",
            "old DateTime max" => new BsonDateTime(253402300799999),
            "UUID of 15 bytes" => new BsonBinaryData(new byte[15]),
            "negative binary length" => new BsonBinaryData(new byte[3]),
            "nested size too small" or "nested size too large" => new BsonDocument("a", 1),
            "array name not ASCII" => new BsonArray { 1 },
            _ => 1,
        };
        var command = new BsonDocument { { "ping", 1 }, { "$db", "admin" } };
        if (corruption == "duplicate name")
        {
            command["y"] = 1;
        }

        command["x"] = x;
        var bytes = command.ToBson();
        var at = IndexOfValue(bytes); // x's value: its type byte is at - 3, its name at - 2
        switch (corruption)
        {
            case "boolean 2": bytes[at] = 2; break;
            case "string without terminator": bytes[at + 4 + 3] = (byte)'d'; break;
            case "string length 0": BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at), 0); break;
            case "invalid UTF-8 value": bytes[at + 4] = 0xC3; break;
            case "duplicate name": bytes[at - 2] = (byte)'y'; break;
            case "old DateTime max": BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(at), 253402300800000); break;
            case "UUID of 15 bytes": bytes[at + 4] = 4; break;
            case "nested size too small": BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at), 11); break;
            case "nested size too large": BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at), 13); break;
            case "unknown type": bytes[at - 3] = 0x77; break;
            case "array name not ASCII": bytes[at + 5] = 0xC3; break;
            case "negative binary length": BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at), -1); break;
        }

        return bytes;
    }

    // The value of the last element "x" starts right after its name.
    private static int IndexOfValue(byte[] bytes)
    {
        for (var i = bytes.Length - 3; i > 0; i--)
        {
            if (bytes[i] == (byte)'x' && bytes[i + 1] == 0 && bytes[i - 2] == 0)
            {
                return i + 2;
            }
        }

        throw new InvalidOperationException("no x");
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
