namespace PushGateway.Mongo;

/// <summary>The embedded MongoDB-compatible server could not listen: another process holds its port.</summary>
internal sealed class EmbeddedPortInUseException(int port, Exception inner)
    : IOException($"The embedded MongoDB server cannot listen on port {port}: address already in use.", inner)
{
    public int Port { get; } = port;
}
