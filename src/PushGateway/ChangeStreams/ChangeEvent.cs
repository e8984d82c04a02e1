using MongoDB.Bson;

namespace PushGateway.ChangeStreams;

/// <summary>
/// One change, normalised once by the multiplexer and then shared, read-only, by every consumer
/// (SignalR fan-out, webhook outbox). Never mutate it or its documents.
/// </summary>
public sealed class ChangeEvent
{
    /// <summary>Opaque id, ordered within a collection (string order = event order); clients pass it back as <c>resumeFrom</c>.</summary>
    public required string EventId { get; init; }

    /// <summary>The watched collection, <c>db.coll</c>.</summary>
    public required string Collection { get; init; }

    /// <summary><c>insert</c>, <c>update</c>, <c>replace</c>, <c>delete</c>, ...</summary>
    public required string OperationType { get; init; }

    public required BsonDocument DocumentKey { get; init; }

    /// <summary>
    /// The document as of this event: insert and replace → the event's own document, update → the post-image (never a
    /// later lookup). Null for deletes, and for updates when <see cref="WatchOptions.FullDocument"/> is off or no
    /// post-image exists.
    /// </summary>
    public BsonDocument? FullDocument { get; init; }

    /// <summary>The pre-image, only when <see cref="WatchOptions.PreImages"/> is on and the event is not a hand-over.</summary>
    public BsonDocument? FullDocumentBeforeChange { get; init; }

    /// <summary><c>{updatedFields, removedFields, truncatedArrays}</c> for updates.</summary>
    public BsonDocument? UpdateDescription { get; init; }

    public required BsonTimestamp ClusterTime { get; init; }

    public required DateTime WallTime { get; init; }

    /// <summary>The tenant, derived from event-time data (see <see cref="TenantResolver"/>); null when it cannot be established (admin subscribers only).</summary>
    public string? TenantId { get; init; }

    /// <summary>
    /// On a hand-over (the pre-image's tenant differs from the event's), the tenant the document belonged to before: it
    /// receives a content-free <c>left</c> notice, never the event. Null otherwise.
    /// </summary>
    public string? FormerTenantId { get; init; }

    /// <summary>The change stream resume token of this event.</summary>
    public required BsonDocument ResumeToken { get; init; }

    /// <summary>
    /// The change-event document that filters are evaluated against: <c>operationType</c>, <c>ns {db, coll}</c>,
    /// <c>documentKey</c>, <c>fullDocument</c>, <c>fullDocumentBeforeChange</c>, <c>updateDescription</c>,
    /// <c>clusterTime</c>, <c>wallTime</c>, <c>tenantId</c>.
    /// </summary>
    public required BsonDocument Document { get; init; }
}
