using System.Buffers.Binary;
using System.Text;
using MongoDB.Bson;
using MongoDB.Bson.IO;
using MongoDB.Bson.Serialization;
using PushGateway.Query.Bson;

namespace PushGateway.EmbeddedMongo.Wire;

/// <summary>Decodes OP_MSG / OP_QUERY requests and encodes OP_MSG / OP_REPLY replies.</summary>
internal static class WireCodec
{
    public const int HeaderSize = 16;
    private const uint ChecksumPresent = 1;
    private const uint MoreToComeFlag = 2;

    /// <summary>Decodes a whole message (header included): the first <paramref name="length"/> bytes of <paramref name="message"/>.</summary>
    /// <remarks>
    /// Documents are read in place from <paramref name="message"/> (no copy) through the driver's own buffer stream,
    /// which decodes element names without the per-name stream and array a plain <see cref="Stream"/> costs.
    /// </remarks>
    public static WireDecodeResult Decode(byte[] message, int length)
    {
        var requestId = BinaryPrimitives.ReadInt32LittleEndian(message.AsSpan(4));
        var opCode = BinaryPrimitives.ReadInt32LittleEndian(message.AsSpan(12));
        try
        {
            using var stream = new ByteBufferStream(new ByteArrayBuffer(message, length, isReadOnly: true));
            return opCode switch
            {
                (int)OpCode.Msg => DecodeMsg(requestId, message.AsSpan(0, length), stream),
                (int)OpCode.Query => DecodeQuery(requestId, message.AsSpan(0, length), stream),
                _ => WireDecodeResult.Fail(opCode, "unsupported opcode"),
            };
        }
        catch (Exception ex) when (ex is FormatException or ArgumentOutOfRangeException or IndexOutOfRangeException or EndOfStreamException or BsonSerializationException)
        {
            return WireDecodeResult.Fail(opCode, "malformed message");
        }
    }

    private static WireDecodeResult DecodeMsg(int requestId, ReadOnlySpan<byte> message, ByteBufferStream stream)
    {
        var flags = BinaryPrimitives.ReadUInt32LittleEndian(message[HeaderSize..]);
        var end = message.Length - ((flags & ChecksumPresent) != 0 ? 4 : 0);
        var pos = HeaderSize + 4;
        BsonDocument? command = null;
        List<(string Name, BsonArray Docs)>? sequences = null;
        while (pos < end)
        {
            var kind = message[pos++];
            if (kind == 0)
            {
                var size = BinaryPrimitives.ReadInt32LittleEndian(message[pos..]);
                command = ReadDocument(message, stream, pos, size, end);
                pos += size;
            }
            else if (kind == 1)
            {
                var size = BinaryPrimitives.ReadInt32LittleEndian(message[pos..]);
                var sectionEnd = pos + size;
                if (size < 5 || sectionEnd > end)
                {
                    return WireDecodeResult.Fail((int)OpCode.Msg, "malformed message");
                }

                var nameStart = pos + 4;
                var nul = message[nameStart..sectionEnd].IndexOf((byte)0);
                var name = Encoding.UTF8.GetString(message.Slice(nameStart, nul));
                var docs = new BsonArray();
                var p = nameStart + nul + 1;
                while (p < sectionEnd)
                {
                    var docSize = BinaryPrimitives.ReadInt32LittleEndian(message[p..]);
                    docs.Add(ReadDocument(message, stream, p, docSize, sectionEnd));
                    p += docSize;
                }

                (sequences ??= []).Add((name, docs));
                pos = sectionEnd;
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

        foreach (var (name, docs) in sequences ?? [])
        {
            command[name] = docs;
        }

        return WireDecodeResult.Ok(new WireRequest(requestId, OpCode.Msg, command, (flags & MoreToComeFlag) != 0, null));
    }

    private static WireDecodeResult DecodeQuery(int requestId, ReadOnlySpan<byte> message, ByteBufferStream stream)
    {
        var pos = HeaderSize + 4; // flags
        var nul = message[pos..].IndexOf((byte)0);
        var fullName = Encoding.UTF8.GetString(message.Slice(pos, nul));
        pos += nul + 1 + 8; // numberToSkip, numberToReturn
        var size = BinaryPrimitives.ReadInt32LittleEndian(message[pos..]);
        var query = ReadDocument(message, stream, pos, size, message.Length);
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

    /// <summary>Reads the document of <paramref name="size"/> bytes at <paramref name="offset"/>, which must end by <paramref name="limit"/>.</summary>
    private static BsonDocument ReadDocument(ReadOnlySpan<byte> message, ByteBufferStream stream, int offset, int size, int limit)
    {
        if (size < 5 || offset + size > limit)
        {
            throw new FormatException("document size out of range");
        }

        if (BsonFastReader.TryRead(message.Slice(offset, size), out var fast))
        {
            return fast!;
        }

        stream.Position = offset;
        using var reader = new BsonBinaryReader(stream);
        var document = BsonDocumentDecoder.ReadDocument(reader);
        return stream.Position == offset + size ? document : throw new FormatException("document size mismatch");
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
        if (!BsonReplyWriter.TryWrite(target, prefix, reply))
        {
            target.SetLength(prefix);
            target.Position = prefix;
            var writer = new BsonBinaryWriter(target);
            BsonSerializer.Serialize(writer, reply);
            writer.Flush();
        }

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
