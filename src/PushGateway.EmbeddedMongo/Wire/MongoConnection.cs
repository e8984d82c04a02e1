using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using PushGateway.EmbeddedMongo.Commands;

namespace PushGateway.EmbeddedMongo.Wire;

/// <summary>
/// One client socket: reads a message, dispatches it, writes the reply, in order. A message the
/// server does not understand (unsupported opcode, malformed) closes the connection with a log line.
/// </summary>
internal sealed class MongoConnection(Socket socket, CommandDispatcher dispatcher, ConnectionInfo info, ILogger logger)
{
    private const int MaxMessageSize = 48_000_000;

    /// <summary>A reply buffer grown past this by a large reply is dropped rather than kept for the connection's life.</summary>
    private const int MaxRetainedReplyBuffer = 1024 * 1024;

    public ConnectionInfo Info { get; } = info;

    public void Abort()
    {
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already gone.
        }
        catch (ObjectDisposedException)
        {
            // Already closed.
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var stream = new NetworkStream(socket, ownsSocket: true);
        var header = new byte[4];

        // Replies are written one at a time, each serialised into this buffer, which is reused.
        var reply = new MemoryStream();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                if (!await ReadExactlyOrEndAsync(stream, header, cancellationToken))
                {
                    return;
                }

                var length = BinaryPrimitives.ReadInt32LittleEndian(header);
                if (length < WireCodec.HeaderSize || length > MaxMessageSize)
                {
                    Log.ClosingOnBadMessage(logger, Info.Id, "invalid message length", 0);
                    return;
                }

                // Pooled: decoding materialises the request, so the bytes are not needed past it.
                var message = ArrayPool<byte>.Shared.Rent(length);
                WireDecodeResult decoded;
                try
                {
                    header.CopyTo(message, 0);
                    await stream.ReadExactlyAsync(message.AsMemory(4, length - 4), cancellationToken);
                    decoded = WireCodec.Decode(message, length);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(message);
                }

                if (decoded.Request is not { } request)
                {
                    Log.ClosingOnBadMessage(logger, Info.Id, decoded.Failure!, decoded.OpCode);
                    return;
                }

                var outcome = await dispatcher.DispatchAsync(request.Command, request.LegacyDatabase, Info, cancellationToken);
                if (outcome.CloseConnection)
                {
                    return;
                }

                if (request.MoreToCome)
                {
                    continue;
                }

                if (request.OpCode == OpCode.Query)
                {
                    WireCodec.WriteLegacyReply(reply, request.RequestId, outcome.Reply!);
                }
                else
                {
                    WireCodec.WriteMsgReply(reply, request.RequestId, outcome.Reply!);
                }

                await stream.WriteAsync(reply.GetBuffer().AsMemory(0, (int)reply.Length), cancellationToken);
                if (reply.Capacity > MaxRetainedReplyBuffer)
                {
                    reply = new MemoryStream();
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            Log.ConnectionEnded(logger, ex, Info.Id);
        }
        catch (Exception ex)
        {
            // A bug must cost one connection, never the server.
            Log.ConnectionCrashed(logger, ex, Info.Id);
        }
    }

    private static async ValueTask<bool> ReadExactlyOrEndAsync(NetworkStream stream, byte[] buffer, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken);
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }
}
