namespace PushGateway.Webhooks.Api;

/// <summary>One delivery (an event for this subscription). <c>id</c> is the <c>webhook-id</c> header it is sent with.</summary>
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
