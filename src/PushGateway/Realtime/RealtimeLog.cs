namespace PushGateway.Realtime;

/// <summary>The hub's log messages; event ids 3000–3099.</summary>
internal static partial class RealtimeLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Debug, Message = "Connection {ConnectionId} of tenant {TenantId} subscribed {SubscriptionId} to {Collection} (recovered {Recovered})")]
    public static partial void Subscribed(ILogger logger, string connectionId, string? tenantId, string subscriptionId, string collection, bool recovered);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Subscribe rejected for connection {ConnectionId} of tenant {TenantId}: {Reason}")]
    public static partial void SubscribeRejected(ILogger logger, string connectionId, string? tenantId, string reason);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Connection {ConnectionId} of tenant {TenantId} is too slow: its queue is full, dropping oldest messages")]
    public static partial void SlowConsumer(ILogger logger, string connectionId, string? tenantId);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Change-stream history lost on {Collection}: told {Subscriptions} subscription(s) recovered=false")]
    public static partial void HistoryLost(ILogger logger, string collection, int subscriptions);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Debug, Message = "Writing to connection {ConnectionId} failed; it is closing")]
    public static partial void WriteFailed(ILogger logger, Exception exception, string connectionId);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Error, Message = "Hub method {Method} failed unexpectedly on connection {ConnectionId}")]
    public static partial void HubMethodFailed(ILogger logger, Exception exception, string method, string connectionId);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Information, Message = "Unsubscribe rejected for connection {ConnectionId} of tenant {TenantId}: {Reason}")]
    public static partial void UnsubscribeRejected(ILogger logger, string connectionId, string? tenantId, string reason);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Error, Message = "Dispatching an event of {Collection} to the subscriptions of tenant {TenantScope} failed")]
    public static partial void DispatchFailed(ILogger logger, Exception exception, string collection, string tenantScope);
}
