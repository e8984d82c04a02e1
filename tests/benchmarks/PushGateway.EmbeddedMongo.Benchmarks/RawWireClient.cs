using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using MongoDB.Bson;
using MongoDB.Bson.IO;
using MongoDB.Bson.Serialization;

namespace PushGateway.EmbeddedMongo.Benchmarks;

/// <summary>
/// A minimal OP_MSG client over one socket, for measuring what the server alone spends per command: requests are
/// encoded up front (<see cref="Encode"/>), sending one costs a socket write and a read into a reused buffer, so the
/// process's allocations and CPU while <see cref="SendAsync"/> runs are (almost) the server's.
/// </summary>
internal sealed class RawWireClient : IDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private byte[] _reply = new byte[1 << 20];
    private int _requestId;

    private RawWireClient(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

    public static async Task<RawWireClient> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync("127.0.0.1", port);
        return new RawWireClient(socket);
    }

    /// <summary>The reply of the last <see cref="SendAsync"/> (header and section kind stripped).</summary>
    public ReadOnlyMemory<byte> LastReply { get; private set; }

    /// <summary>Encodes an OP_MSG: the command as the kind-0 section, each sequence as a kind-1 section (as drivers send batches).</summary>
    public byte[] Encode(BsonDocument command, params (string Name, IReadOnlyList<BsonDocument> Documents)[] sequences)
    {
        using var body = new MemoryStream();
        body.Write(new byte[4]); // flags
        body.WriteByte(0);
        WriteDocument(body, command);
        foreach (var (name, documents) in sequences)
        {
            body.WriteByte(1);
            var sizeAt = body.Position;
            body.Write(new byte[4]);
            body.Write(Encoding.UTF8.GetBytes(name));
            body.WriteByte(0);
            foreach (var document in documents)
            {
                WriteDocument(body, document);
            }

            var end = body.Position;
            body.Position = sizeAt;
            body.Write(BitConverter.GetBytes((int)(end - sizeAt)));
            body.Position = end;
        }

        var message = new byte[16 + body.Length];
        BinaryPrimitives.WriteInt32LittleEndian(message, message.Length);
        BinaryPrimitives.WriteInt32LittleEndian(message.AsSpan(4), ++_requestId);
        BinaryPrimitives.WriteInt32LittleEndian(message.AsSpan(12), 2013);
        body.ToArray().CopyTo(message, 16);
        return message;
    }

    public async Task SendAsync(byte[] message)
    {
        await _stream.WriteAsync(message);
        await _stream.ReadExactlyAsync(_reply.AsMemory(0, 4));
        var length = BinaryPrimitives.ReadInt32LittleEndian(_reply);
        if (length > _reply.Length)
        {
            var grown = new byte[length];
            _reply.AsSpan(0, 4).CopyTo(grown);
            _reply = grown;
        }

        await _stream.ReadExactlyAsync(_reply.AsMemory(4, length - 4));
        LastReply = _reply.AsMemory(21, length - 21);
    }

    /// <summary>Sends and decodes the reply (setup and checks, not measured).</summary>
    public async Task<BsonDocument> RunAsync(BsonDocument command, params (string Name, IReadOnlyList<BsonDocument> Documents)[] sequences)
    {
        await SendAsync(Encode(command, sequences));
        var reply = Decode(LastReply);
        return reply.GetValue("ok", 0).ToDouble() == 1.0 ? reply : throw new InvalidOperationException($"command failed: {reply}");
    }

    public static BsonDocument Decode(ReadOnlyMemory<byte> bson) => BsonSerializer.Deserialize<BsonDocument>(bson.ToArray());

    public void Dispose() => _stream.Dispose();

    private static void WriteDocument(Stream stream, BsonDocument document)
    {
        using var writer = new BsonBinaryWriter(stream);
        BsonSerializer.Serialize(writer, document);
        writer.Flush();
    }
}
