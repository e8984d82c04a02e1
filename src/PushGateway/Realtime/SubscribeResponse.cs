namespace PushGateway.Realtime;

/// <summary>
/// Result of <c>Subscribe</c>. <paramref name="Recovered"/> is true only when <c>resumeFrom</c> was given and every event
/// after it was replayed; false means the client may have missed events and should refetch.
/// </summary>
public sealed record SubscribeResponse(string SubscriptionId, bool Recovered)
{
    /// <summary>Hints about a valid filter that is probably wrong, e.g. <c>status</c> instead of <c>fullDocument.status</c>; empty when none.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
