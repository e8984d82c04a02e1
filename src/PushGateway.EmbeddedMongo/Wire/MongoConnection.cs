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

                var message = new byte[length];
                header.CopyTo(message, 0);
                await stream.ReadExactlyAsync(message.AsMemory(4), cancellationToken);
                var decoded = WireCodec.Decode(message);
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

                var reply = request.OpCode == OpCode.Query
                    ? WireCodec.EncodeLegacyReply(request.RequestId, outcome.Reply!)
                    : WireCodec.EncodeMsgReply(request.RequestId, outcome.Reply!);
                await stream.WriteAsync(reply, cancellationToken);
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
