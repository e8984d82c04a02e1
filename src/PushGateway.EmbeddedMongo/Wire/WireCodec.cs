using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using MongoDB.Bson;
using MongoDB.Bson.IO;
using MongoDB.Bson.Serialization;

namespace PushGateway.EmbeddedMongo.Wire;

/// <summary>Decodes OP_MSG / OP_QUERY requests and encodes OP_MSG / OP_REPLY replies.</summary>
internal static class WireCodec
{
    public const int HeaderSize = 16;
    private const uint ChecksumPresent = 1;
    private const uint MoreToComeFlag = 2;

    /// <summary>Decodes a whole message (header included).</summary>
    public static WireDecodeResult Decode(ReadOnlySpan<byte> message)
    {
        var requestId = BinaryPrimitives.ReadInt32LittleEndian(message[4..]);
        var opCode = BinaryPrimitives.ReadInt32LittleEndian(message[12..]);
        var body = message[HeaderSize..];
        try
        {
            return opCode switch
            {
                (int)OpCode.Msg => DecodeMsg(requestId, body),
                (int)OpCode.Query => DecodeQuery(requestId, body),
                _ => WireDecodeResult.Fail(opCode, "unsupported opcode"),
            };
        }
        catch (Exception ex) when (ex is FormatException or ArgumentOutOfRangeException or IndexOutOfRangeException or EndOfStreamException or BsonSerializationException)
        {
            return WireDecodeResult.Fail(opCode, "malformed message");
        }
    }

    private static WireDecodeResult DecodeMsg(int requestId, ReadOnlySpan<byte> body)
    {
        var flags = BinaryPrimitives.ReadUInt32LittleEndian(body);
        var end = body.Length - ((flags & ChecksumPresent) != 0 ? 4 : 0);
        var pos = 4;
        BsonDocument? command = null;
        List<(string Name, BsonArray Docs)> sequences = [];
        while (pos < end)
        {
            var kind = body[pos++];
            if (kind == 0)
            {
                var size = BinaryPrimitives.ReadInt32LittleEndian(body[pos..]);
                command = ReadDocument(body.Slice(pos, size));
                pos += size;
            }
            else if (kind == 1)
            {
                var size = BinaryPrimitives.ReadInt32LittleEndian(body[pos..]);
                var section = body.Slice(pos + 4, size - 4);
                var nul = section.IndexOf((byte)0);
                var name = Encoding.UTF8.GetString(section[..nul]);
                var docs = new BsonArray();
                var p = nul + 1;
                while (p < section.Length)
                {
                    var docSize = BinaryPrimitives.ReadInt32LittleEndian(section[p..]);
                    docs.Add(ReadDocument(section.Slice(p, docSize)));
                    p += docSize;
                }

                sequences.Add((name, docs));
                pos += size;
            }
            else
            {
                return WireDecodeResult.Fail((int)OpCode.Msg, "unknown OP_MSG section kind");
            }
        }

        if (command is null)
        {
            return WireDecodeResult.Fail((int)OpCode.Msg, "OP_MSG without a kind-0 section");
        }

        foreach (var (name, docs) in sequences)
        {
            command[name] = docs;
        }

        return WireDecodeResult.Ok(new WireRequest(requestId, OpCode.Msg, command, (flags & MoreToComeFlag) != 0, null));
    }

    private static WireDecodeResult DecodeQuery(int requestId, ReadOnlySpan<byte> body)
    {
        var pos = 4; // flags
        var nul = body[pos..].IndexOf((byte)0);
        var fullName = Encoding.UTF8.GetString(body.Slice(pos, nul));
        pos += nul + 1 + 8; // numberToSkip, numberToReturn
        var size = BinaryPrimitives.ReadInt32LittleEndian(body[pos..]);
        var query = ReadDocument(body.Slice(pos, size));
        if (!fullName.EndsWith(".$cmd", StringComparison.Ordinal))
        {
            return WireDecodeResult.Fail((int)OpCode.Query, "legacy OP_QUERY is only supported for commands");
        }

        // Old drivers wrap the command when they send a read preference.
        if (query.TryGetValue("$query", out var inner) && inner is BsonDocument wrapped)
        {
            query = wrapped;
        }

        var database = fullName[..^".$cmd".Length];
        return WireDecodeResult.Ok(new WireRequest(requestId, OpCode.Query, query, false, database));
    }

    private static BsonDocument ReadDocument(ReadOnlySpan<byte> bytes)
    {
        // A pooled copy: the document is fully materialised before the buffer goes back.
        var buffer = ArrayPool<byte>.Shared.Rent(bytes.Length);
        try
        {
            bytes.CopyTo(buffer);
            using var stream = new MemoryStream(buffer, 0, bytes.Length, writable: false);
            using var reader = new BsonBinaryReader(stream);
            return BsonSerializer.Deserialize<BsonDocument>(reader);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Writes an OP_MSG reply (flags 0, one kind-0 section) into <paramref name="target"/>, replacing its content: the
    /// document is serialised in place behind the header, with no intermediate copy. Send <c>GetBuffer()[..Length]</c>.
    /// </summary>
    public static void WriteMsgReply(MemoryStream target, int responseTo, BsonDocument reply) =>
        WriteReply(target, HeaderSize + 5, responseTo, OpCode.Msg, reply, buffer => buffer[HeaderSize + 4] = 0);

    /// <summary>Writes an OP_REPLY to a legacy OP_QUERY command into <paramref name="target"/>, as <see cref="WriteMsgReply"/>.</summary>
    public static void WriteLegacyReply(MemoryStream target, int responseTo, BsonDocument reply) =>
        WriteReply(target, HeaderSize + 20, responseTo, OpCode.Reply, reply, buffer =>
        {
            var span = buffer.AsSpan(HeaderSize);
            BinaryPrimitives.WriteInt64LittleEndian(span[4..], 0); // cursorID
            BinaryPrimitives.WriteInt32LittleEndian(span[12..], 0); // startingFrom
            BinaryPrimitives.WriteInt32LittleEndian(span[16..], 1); // numberReturned
        });

    private static void WriteReply(MemoryStream target, int prefix, int responseTo, OpCode opCode, BsonDocument reply, Action<byte[]> writePrefix)
    {
        target.SetLength(prefix);
        target.Position = prefix;
        var writer = new BsonBinaryWriter(target);
        BsonSerializer.Serialize(writer, reply);
        writer.Flush();
        var buffer = target.GetBuffer();
        WriteHeader(buffer, (int)target.Length, responseTo, opCode);
        BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(HeaderSize), 0); // flags (OP_MSG) or responseFlags (OP_REPLY)
        writePrefix(buffer);
    }

    private static int _nextResponseId;

    private static void WriteHeader(byte[] buffer, int total, int responseTo, OpCode opCode)
    {
        BinaryPrimitives.WriteInt32LittleEndian(buffer, total);
        BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(4), Interlocked.Increment(ref _nextResponseId));
        BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(8), responseTo);
        BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(12), (int)opCode);
    }
}
