using MongoDB.Bson.Serialization.Attributes;

namespace PushGateway.Webhooks.Delivery;

/// <summary>
/// One event for one subscription, in <c>webhookDeliveries</c>. The id is deterministic (subscription + event) and is
/// also the <c>webhook-id</c>, so a replayed event cannot create a second row and every retry carries the same id.
/// Null fields are not stored (a missing field reads and matches as null).
/// </summary>
internal sealed class DeliveryRow
{
    public string Id { get; set; } = "";

    public string SubscriptionId { get; set; } = "";

    public string? TenantId { get; set; }

    /// <summary><c>db.coll</c>.</summary>
    public string Collection { get; set; } = "";

    /// <summary>The change event id: orders rows of one collection (ordered subscriptions deliver in this order).</summary>
    public string EventId { get; set; } = "";

    /// <summary><c>&lt;coll&gt;.&lt;operationType&gt;</c>.</summary>
    public string Type { get; set; } = "";

    /// <summary>
    /// The exact JSON body as UTF-8, built once so every retry sends (and signs) the same bytes. Stored as a BSON string
    /// (<see cref="Utf8TextSerializer"/>; the outbox writes rows with <see cref="DeliveryRowBson"/>).
    /// </summary>
    [BsonSerializer(typeof(Utf8TextSerializer))]
    public byte[] Body { get; set; } = [];

    /// <summary>When the change happened (the event's wall time).</summary>
    public DateTime EventTime { get; set; }

    public DateTime CreatedAt { get; set; }

    public string State { get; set; } = DeliveryState.Pending;

    /// <summary>When the row may next be attempted; while leased, when the lease ends.</summary>
    public DateTime DueAt { get; set; }

    /// <summary>Token of the current lease; a worker only completes rows still carrying its token.</summary>
    [BsonIgnoreIfNull]
    public string? LeaseToken { get; set; }

    /// <summary>All attempts ever made.</summary>
    public int Attempts { get; set; }

    /// <summary>Failed attempts since the last manual retry: the position in the retry schedule.</summary>
    public int Failures { get; set; }

    [BsonIgnoreIfNull]
    public int? LastStatusCode { get; set; }

    [BsonIgnoreIfNull]
    public string? LastError { get; set; }

    [BsonIgnoreIfNull]
    public DateTime? CompletedAt { get; set; }

    /// <summary>The latest attempts (capped by <see cref="WebhookOptions.AttemptsKept"/>).</summary>
    public List<DeliveryAttempt> History { get; set; } = [];
}
