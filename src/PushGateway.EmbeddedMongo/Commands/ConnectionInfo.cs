namespace PushGateway.EmbeddedMongo.Commands;

/// <summary>What commands may know about the connection they arrived on.</summary>
internal sealed class ConnectionInfo(long id, string hostAndPort)
{
    public long Id { get; } = id;

    /// <summary>The address the client reached us at, echoed in hello's hosts/me/primary.</summary>
    public string HostAndPort { get; } = hostAndPort;

    /// <summary>The application name from the handshake (matched by failCommand's appName).</summary>
    public string? AppName { get; set; }
}
