using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using MongoDB.Bson;
using MongoDB.Bson.IO;
using MongoDB.Bson.Serialization;

namespace PushGateway.EmbeddedMongo.Tests.Wire;

/// <summary>Hand-built wire messages, only for protocol edge cases the driver never produces.</summary>
internal sealed class RawWireClient : IAsyncDisposable
{
    private readonly TcpClient _tcp = new();
    private NetworkStream _stream = null!;
    private int _nextId = 1;

    public static async Task<RawWireClient> ConnectAsync(int port)
    {
        var client = new RawWireClient();
        await client._tcp.ConnectAsync("127.0.0.1", port);
        client._stream = client._tcp.GetStream();
        return client;
    }

    public async Task<int> SendAsync(int opCode, byte[] body)
    {
        var id = _nextId++;
        var message = new byte[16 + body.Length];
        BinaryPrimitives.WriteInt32LittleEndian(message, message.Length);
        BinaryPrimitives.WriteInt32LittleEndian(message.AsSpan(4), id);
        BinaryPrimitives.WriteInt32LittleEndian(message.AsSpan(12), opCode);
        body.CopyTo(message, 16);
        await _stream.WriteAsync(message);
        return id;
    }

    public Task<int> SendMsgAsync(BsonDocument command, uint flags = 0, (string Name, BsonDocument[] Docs)? sequence = null, bool checksum = false)
    {
        using var body = new MemoryStream();
        Span<byte> four = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(four, flags | (checksum ? 1u : 0u));
        body.Write(four);
        body.WriteByte(0);
        body.Write(command.ToBson());
        if (sequence is { } seq)
        {
            var name = Encoding.UTF8.GetBytes(seq.Name);
            var docs = seq.Docs.Select(d => d.ToBson()).ToList();
            body.WriteByte(1);
            BinaryPrimitives.WriteInt32LittleEndian(four, 4 + name.Length + 1 + docs.Sum(d => d.Length));
            body.Write(four);
            body.Write(name);
            body.WriteByte(0);
            docs.ForEach(d => body.Write(d));
        }

        if (checksum)
        {
            // The server accepts a trailing CRC-32C without checking it, like mongod in non-strict mode.
            body.Write(new byte[4]);
        }

        return SendAsync(2013, body.ToArray());
    }

    public Task<int> SendQueryAsync(string fullCollectionName, BsonDocument query)
    {
        using var body = new MemoryStream();
        body.Write(new byte[4]);
        body.Write(Encoding.UTF8.GetBytes(fullCollectionName));
        body.WriteByte(0);
        body.Write(new byte[4]);
        var ret = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(ret, -1);
        body.Write(ret);
        body.Write(query.ToBson());
        return SendAsync(2004, body.ToArray());
    }

    /// <summary>Reads one reply: (responseTo, opCode, flags, document); null when the server closed the socket.</summary>
    public async Task<(int ResponseTo, int OpCode, int Flags, BsonDocument Document)?> ReceiveAsync()
    {
        var header = new byte[16];
        try
        {
            await _stream.ReadExactlyAsync(header);
        }
        catch (EndOfStreamException)
        {
            return null;
        }
        catch (IOException)
        {
            return null;
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(header);
        var body = new byte[length - 16];
        await _stream.ReadExactlyAsync(body);
        var responseTo = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(8));
        var opCode = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(12));
        var flags = BinaryPrimitives.ReadInt32LittleEndian(body);
        var docStart = opCode == 1 ? 20 : 5;
        using var reader = new BsonBinaryReader(new MemoryStream(body, docStart, body.Length - docStart));
        return (responseTo, opCode, flags, BsonSerializer.Deserialize<BsonDocument>(reader));
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }
}
