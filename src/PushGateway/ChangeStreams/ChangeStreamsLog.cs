namespace PushGateway.ChangeStreams;

/// <summary>The multiplexer's log messages; event ids 2000–2099.</summary>
internal static partial class ChangeStreamsLog
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "Watching {Collection}: change stream opened ({Start})")]
    public static partial void StreamOpened(ILogger logger, string collection, string start);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Change stream on {Collection} failed ({Kind}); retrying in {DelayMs} ms")]
    public static partial void CursorFailed(ILogger logger, Exception exception, string collection, string kind, long delayMs);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Error,
        Message = "Change-stream history lost on {Collection}: the checkpointed resume token is no longer in the oplog. Events in the gap are NOT delivered; policy {Policy}")]
    public static partial void HistoryLost(ILogger logger, string collection, HistoryLostPolicy policy);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "A sink failed on a batch of {Count} events from {Collection}; retrying the batch in {DelayMs} ms")]
    public static partial void SinkFailed(ILogger logger, Exception exception, string collection, int count, long delayMs);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "Change stream on {Collection} was invalidated (collection dropped or renamed); starting after the invalidate event")]
    public static partial void Invalidated(ILogger logger, string collection);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "Event {EventId} ({Operation}) on {Collection} has no establishable tenant ({Reason}); only admin subscribers receive it")]
    public static partial void Untenanted(ILogger logger, string eventId, string operation, string collection, string reason);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Warning, Message = "Gateway:Watch lists {Collection} more than once; it is watched once")]
    public static partial void DuplicateWatch(ILogger logger, string collection);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Information, Message = "No collections are watched (Gateway:Watch is empty)")]
    public static partial void NothingWatched(ILogger logger);

    [LoggerMessage(EventId = 2020, Level = LogLevel.Warning, Message = "Change stream on {Collection} waits for MongoDB, which is unreachable ({Error}); retrying in {DelayMs} ms")]
    public static partial void MongoUnavailable(ILogger logger, string collection, string error, long delayMs);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Information, Message = "Turned on change-stream pre- and post-images for {Collection} (Gateway:EnablePreAndPostImages)")]
    public static partial void ImagesTurnedOn(ILogger logger, string collection);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Error, Message = "{Collection} is unhealthy: {Problem}. Until then its updates and deletes go to admin subscribers only")]
    public static partial void ImagesOff(ILogger logger, string collection, string problem);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Error, Message = "A live sink failed on a batch of {Count} events from {Collection}; the batch still goes to the durable sinks")]
    public static partial void LiveSinkFailed(ILogger logger, Exception exception, string collection, int count);
}
