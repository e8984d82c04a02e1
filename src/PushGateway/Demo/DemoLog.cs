namespace PushGateway.Demo;

/// <summary>The demo writer's log messages; event ids 4000–4099.</summary>
internal static partial class DemoLog
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Information,
        Message = "Demo data writer on: writing shop changes for tenants {Tenants} every {IntervalMs} ms (Demo:Enabled=false turns it off)")]
    public static partial void Started(ILogger logger, string tenants, int intervalMs);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning,
        Message = "Demo:Enabled is ignored: Mongo:ConnectionString points at your own MongoDB, and demo data is only ever written to the embedded development server")]
    public static partial void RefusedOnOwnDatabase(ILogger logger);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Demo write failed; retrying")]
    public static partial void WriteFailed(ILogger logger, Exception exception);
}
