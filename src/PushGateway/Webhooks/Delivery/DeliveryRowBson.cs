using MongoDB.Bson;
using MongoDB.Bson.IO;
using F = PushGateway.Webhooks.Delivery.DeliveryFields;

namespace PushGateway.Webhooks.Delivery;

/// <summary>
/// Encodes a new delivery row as BSON directly, the body's UTF-8 bytes copied as they are: the same document the class
/// map writes (same element names, order and types, nulls of <c>[BsonIgnoreIfNull]</c> members left out), without the
/// per-member serializer dispatch and without turning the body into a string. Only for inserts of new rows (no
/// outcome fields yet); everything else reads and writes rows through the class map. Written with the batch's
/// <see cref="BsonScratch"/> and copied into the batch's <see cref="EncodeArena"/>.
/// </summary>
internal static class DeliveryRowBson
{
    /// <summary>
    /// The row as a document over space of <paramref name="arena"/>: the caller disposes the arena once the document
    /// has been written (the driver copies it into its own message buffer).
    /// </summary>
    public static RawBsonDocument Encode(DeliveryRow row, EncodeArena arena)
    {
        if (row.LastStatusCode is not null || row.LastError is not null || row.CompletedAt is not null || row.History.Count > 0)
        {
            throw new InvalidOperationException("Only new delivery rows are encoded directly.");
        }

        var w = arena.Scratch;
        w.StartDocument();
        w.String(F.Id, row.Id);
        w.String("subscriptionId", row.SubscriptionId);
        if (row.TenantId is null)
        {
            w.Null("tenantId");
        }
        else
        {
            w.String("tenantId", row.TenantId);
        }

        w.String("collection", row.Collection);
        w.String("eventId", row.EventId);
        w.String("type", row.Type);
        w.Utf8String("body", row.Body);
        w.Date("eventTime", row.EventTime);
        w.Date("createdAt", row.CreatedAt);
        w.String(F.State, row.State);
        w.Date(F.DueAt, row.DueAt);
        if (row.LeaseToken is not null)
        {
            w.String(F.LeaseToken, row.LeaseToken);
        }

        w.Int32(F.Attempts, row.Attempts);
        w.Int32(F.Failures, row.Failures);
        w.StartArray(F.History);
        w.End();
        w.End();
        return w.ToDocument(arena);
    }

}
