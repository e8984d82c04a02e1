using System.Net;
using System.Net.Sockets;

namespace PushGateway.Webhooks.Security;

/// <summary>
/// The <see cref="SocketsHttpHandler.ConnectCallback"/> of the webhook client: resolves the host itself and refuses the
/// connection unless every resolved address may be reached, so DNS rebinding between a check and the connect cannot
/// slip through (the check is on the very addresses connected to).
/// </summary>
internal sealed class SsrfGuard(DestinationPolicy policy)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);

        if (addresses.Length == 0)
        {
            throw new DestinationBlockedException($"'{host}' did not resolve to any address.");
        }

        // Every address must pass: refusing only some would let a rebinding answer pick the private one on retry.
        if (addresses.FirstOrDefault(a => !policy.MayConnect(host, a)) is { } blocked)
        {
            throw new DestinationBlockedException($"'{host}' resolves to {blocked}, a non-public address; add it to Webhooks:AllowedHosts to allow it.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
