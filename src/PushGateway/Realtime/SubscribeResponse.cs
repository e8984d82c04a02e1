namespace PushGateway.Realtime;

/// <summary>
/// Result of <c>Subscribe</c>. <paramref name="Recovered"/> is true only when <c>resumeFrom</c> was given and every event
/// after it was replayed; false means the client may have missed events and should refetch. <paramref name="Position"/>
/// is where this subscription stands now (the collection's newest event id, or a start marker when it has none yet):
/// pass the newest <c>eventId</c> received, or this position when nothing arrived since, as <c>resumeFrom</c> later.
/// </summary>
public sealed record SubscribeResponse(string SubscriptionId, bool Recovered, string Position)
{
    /// <summary>Hints about a valid filter that is probably wrong, e.g. <c>status</c> instead of <c>fullDocument.status</c>; empty when none.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
