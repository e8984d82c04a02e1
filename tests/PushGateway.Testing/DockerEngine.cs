using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PushGateway.Testing;

/// <summary>
/// Decides quickly whether a Docker engine is reachable, so container-backed tests skip in about a second where there
/// is none (Testcontainers' own discovery takes much longer before it gives up). A bare TCP connect is not enough:
/// proxies accept connections for anything, so the probe asks the engine's <c>/_ping</c> endpoint for "OK".
/// </summary>
public static class DockerEngine
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);
    private static readonly Lazy<Task<string?>> Probe = new(ProbeAsync);

    /// <summary>Null when an engine answered; otherwise why container tests are skipped.</summary>
    public static Task<string?> UnavailableReasonAsync() => Probe.Value;

    private static async Task<string?> ProbeAsync()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        if (!string.IsNullOrWhiteSpace(host))
        {
            return await ProbeHostAsync(host) ? null : $"DOCKER_HOST={host} did not answer /_ping within {ProbeTimeout.TotalSeconds:0} s";
        }

        if (OperatingSystem.IsWindows())
        {
            return File.Exists(@"\\.\pipe\docker_engine") ? null : "no Docker engine (named pipe docker_engine not found)";
        }

        string[] sockets =
        [
            "/var/run/docker.sock",
            Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker", "run", "docker.sock"),
            Path.Combine(Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR") ?? "/nonexistent", "docker.sock"),
        ];
        foreach (var socket in sockets.Where(File.Exists))
        {
            if (await PingAsync(new UnixDomainSocketEndPoint(socket), AddressFamily.Unix, ProtocolType.Unspecified))
            {
                return null;
            }
        }

        return "no Docker engine reachable (no DOCKER_HOST, no docker.sock answering /_ping)";
    }

    private static async Task<bool> ProbeHostAsync(string host)
    {
        if (host.StartsWith("unix://", StringComparison.OrdinalIgnoreCase))
        {
            var path = host["unix://".Length..];
            return File.Exists(path) && await PingAsync(new UnixDomainSocketEndPoint(path), AddressFamily.Unix, ProtocolType.Unspecified);
        }

        // TLS endpoints and named pipes cannot be pinged with plain HTTP here: let Testcontainers try them.
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOCKER_TLS_VERIFY"))
            || !host.StartsWith("tcp://", StringComparison.OrdinalIgnoreCase)
            || !Uri.TryCreate(host, UriKind.Absolute, out var uri))
        {
            return true;
        }

        var addresses = IPAddress.TryParse(uri.Host, out var ip) ? [ip] : await DnsAddressesAsync(uri.Host);
        foreach (var address in addresses)
        {
            if (await PingAsync(new IPEndPoint(address, uri.Port), address.AddressFamily, ProtocolType.Tcp))
            {
                return true;
            }
        }

        return false;
    }

    private static async Task<IPAddress[]> DnsAddressesAsync(string host)
    {
        try
        {
            return await Dns.GetHostAddressesAsync(host);
        }
        catch (SocketException)
        {
            return [];
        }
    }

    private static async Task<bool> PingAsync(EndPoint endPoint, AddressFamily family, ProtocolType protocol)
    {
        using var socket = new Socket(family, SocketType.Stream, protocol);
        using var timeout = new CancellationTokenSource(ProbeTimeout);
        try
        {
            await socket.ConnectAsync(endPoint, timeout.Token);
            await socket.SendAsync("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n"u8.ToArray(), SocketFlags.None, timeout.Token);
            var buffer = new byte[1024];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = await socket.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None, timeout.Token)) > 0)
            {
                length += read;
            }

            var reply = Encoding.ASCII.GetString(buffer, 0, length);
            return reply.StartsWith("HTTP/1.", StringComparison.Ordinal) && reply.Contains(" 200 ", StringComparison.Ordinal)
                && reply.EndsWith("OK", StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            return false;
        }
    }
}
