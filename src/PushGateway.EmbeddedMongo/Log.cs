using Microsoft.Extensions.Logging;

namespace PushGateway.EmbeddedMongo;

/// <summary>Every log message of the embedded server, with its event id.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Embedded MongoDB-compatible development server (not a production database) listening on {ConnectionString}")]
    public static partial void Listening(ILogger logger, string connectionString);

    [LoggerMessage(2, LogLevel.Warning, "Closing connection {ConnectionId}: {Reason} (opcode {OpCode})")]
    public static partial void ClosingOnBadMessage(ILogger logger, long connectionId, string reason, int opCode);

    [LoggerMessage(3, LogLevel.Error, "Command {CommandName} failed with an internal error")]
    public static partial void CommandCrashed(ILogger logger, Exception exception, string commandName);

    [LoggerMessage(4, LogLevel.Debug, "Connection {ConnectionId} ended")]
    public static partial void ConnectionEnded(ILogger logger, Exception? exception, long connectionId);

    [LoggerMessage(5, LogLevel.Information, "Fail point closed connection {ConnectionId} on {CommandName}")]
    public static partial void FailPointClosed(ILogger logger, long connectionId, string commandName);

    [LoggerMessage(6, LogLevel.Information, "Recovered {Records} journal records from {DataPath}")]
    public static partial void Recovered(ILogger logger, int records, string dataPath);

    [LoggerMessage(8, LogLevel.Error, "Connection {ConnectionId} failed unexpectedly and was closed")]
    public static partial void ConnectionCrashed(ILogger logger, Exception exception, long connectionId);

    [LoggerMessage(7, LogLevel.Information, "Embedded server stopped")]
    public static partial void Stopped(ILogger logger);
}
