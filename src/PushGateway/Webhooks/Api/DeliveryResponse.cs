namespace PushGateway.Webhooks.Api;

/// <summary>One delivery (an event for this subscription). <c>id</c> is the <c>webhook-id</c> header it is sent with.</summary>
/// <param name="Id">The delivery id, sent as the <c>webhook-id</c> header (stable across retries).</param>
/// <param name="EventId">The change event (its resume-token digest).</param>
/// <param name="Type">The webhook <c>type</c>: <c>db.coll.operationType</c>.</param>
/// <param name="Collection">The collection, <c>db.coll</c>.</param>
/// <param name="State">pending, succeeded or dead.</param>
/// <param name="EventTime">When the change happened (its wall time, UTC).</param>
/// <param name="CreatedAt">When the delivery was queued (UTC).</param>
/// <param name="NextAttemptAt">When the next attempt is due; null when none is.</param>
/// <param name="Attempts">How many POSTs were made.</param>
/// <param name="LastStatusCode">The last HTTP status answered; null when none.</param>
/// <param name="LastError">The last error when no response came.</param>
/// <param name="CompletedAt">When it succeeded or went dead; null while pending.</param>
/// <param name="History">Every attempt, oldest first.</param>
internal sealed record DeliveryResponse(
    string Id,
    string EventId,
    string Type,
    string Collection,
    string State,
    DateTime EventTime,
    DateTime CreatedAt,
    DateTime? NextAttemptAt,
    int Attempts,
    int? LastStatusCode,
    string? LastError,
    DateTime? CompletedAt,
    IReadOnlyList<AttemptResponse> History);
