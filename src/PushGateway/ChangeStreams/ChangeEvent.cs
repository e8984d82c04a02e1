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

    public BsonDocument? FullDocument { get; init; }

    public BsonDocument? FullDocumentBeforeChange { get; init; }

    /// <summary><c>{updatedFields, removedFields, truncatedArrays}</c> for updates.</summary>
    public BsonDocument? UpdateDescription { get; init; }

    public required BsonTimestamp ClusterTime { get; init; }

    public required DateTime WallTime { get; init; }

    /// <summary>The tenant, as derived by the server from the document; null when it cannot be known (admin subscribers only).</summary>
    public string? TenantId { get; init; }

    /// <summary>The change stream resume token of this event.</summary>
    public required BsonDocument ResumeToken { get; init; }

    /// <summary>
    /// The change-event document that filters are evaluated against: <c>operationType</c>, <c>ns {db, coll}</c>,
    /// <c>documentKey</c>, <c>fullDocument</c>, <c>fullDocumentBeforeChange</c>, <c>updateDescription</c>,
    /// <c>clusterTime</c>, <c>wallTime</c>, <c>tenantId</c>.
    /// </summary>
    public required BsonDocument Document { get; init; }
}
