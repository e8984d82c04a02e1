namespace PushGateway.EmbeddedMongo.Commands;

/// <summary>
/// A fail point asked to drop the connection in the middle of a command (after some statements
/// committed); the dispatcher closes the socket without a reply.
/// </summary>
internal sealed class CloseConnectionException : Exception
{
    public CloseConnectionException()
        : base("fail point closed the connection")
    {
    }

    public CloseConnectionException(string message)
        : base(message)
    {
    }

    public CloseConnectionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
