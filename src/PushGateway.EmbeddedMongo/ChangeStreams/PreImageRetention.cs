namespace PushGateway.EmbeddedMongo.ChangeStreams;

/// <summary>
/// The cluster parameter <c>changeStreamOptions.preAndPostImages.expireAfterSeconds</c> (MongoDB 6.0+): off by default
/// (images live as long as their change-log entry); when set, an event's pre- and post-images are gone once its wall
/// time is older than that, and streams see them as missing (<c>whenAvailable</c> → null, <c>required</c> → NoMatchingDocument).
/// Held in memory: it resets when the server restarts.
/// </summary>
internal sealed class PreImageRetention(TimeProvider timeProvider)
{
    private long _expireAfterSeconds;

    /// <summary>Seconds, or null for <c>"off"</c>.</summary>
    public long? ExpireAfterSeconds
    {
        get => Interlocked.Read(ref _expireAfterSeconds) is > 0 and var s ? s : null;
        set => Interlocked.Exchange(ref _expireAfterSeconds, value ?? 0);
    }

    /// <summary>Whether the images of an event written at <paramref name="wallTime"/> are still kept.</summary>
    public bool Keeps(DateTime wallTime) =>
        ExpireAfterSeconds is not { } seconds || wallTime >= timeProvider.GetUtcNow().UtcDateTime.AddSeconds(-seconds);
}
