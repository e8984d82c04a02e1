using System.Buffers.Binary;
using System.Text;
using MongoDB.Bson;
using MongoDB.Bson.IO;
using F = PushGateway.Webhooks.Delivery.DeliveryFields;

namespace PushGateway.Webhooks.Delivery;

/// <summary>
/// Encodes a new delivery row as BSON directly, the body's UTF-8 bytes copied as they are: the same document the class
/// map writes (same element names, order and types, nulls of <c>[BsonIgnoreIfNull]</c> members left out), without the
/// per-member serializer dispatch and without turning the body into a string. Only for inserts of new rows (no
/// outcome fields yet); everything else reads and writes rows through the class map.
/// </summary>
internal static class DeliveryRowBson
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

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

        var size = 4 + 1
            + StringSize(F.Id, row.Id)
            + StringSize("subscriptionId", row.SubscriptionId)
            + (row.TenantId is null ? NameSize("tenantId") : StringSize("tenantId", row.TenantId))
            + StringSize("collection", row.Collection)
            + StringSize("eventId", row.EventId)
            + StringSize("type", row.Type)
            + NameSize("body") + 4 + row.Body.Length + 1
            + NameSize("eventTime") + 8
            + NameSize("createdAt") + 8
            + StringSize(F.State, row.State)
            + NameSize(F.DueAt) + 8
            + (row.LeaseToken is null ? 0 : StringSize(F.LeaseToken, row.LeaseToken))
            + NameSize(F.Attempts) + 4
            + NameSize(F.Failures) + 4
            + NameSize(F.History) + 5;
        arena.Reserve(size, out var bytes, out var offset);
        var at = offset + 4;
        WriteString(bytes, ref at, F.Id, row.Id);
        WriteString(bytes, ref at, "subscriptionId", row.SubscriptionId);
        if (row.TenantId is null)
        {
            WriteName(bytes, ref at, BsonType.Null, "tenantId");
        }
        else
        {
            WriteString(bytes, ref at, "tenantId", row.TenantId);
        }

        WriteString(bytes, ref at, "collection", row.Collection);
        WriteString(bytes, ref at, "eventId", row.EventId);
        WriteString(bytes, ref at, "type", row.Type);
        WriteName(bytes, ref at, BsonType.String, "body");
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at), row.Body.Length + 1);
        at += 4;
        row.Body.CopyTo(bytes, at);
        at += row.Body.Length + 1;
        WriteDate(bytes, ref at, "eventTime", row.EventTime);
        WriteDate(bytes, ref at, "createdAt", row.CreatedAt);
        WriteString(bytes, ref at, F.State, row.State);
        WriteDate(bytes, ref at, F.DueAt, row.DueAt);
        if (row.LeaseToken is not null)
        {
            WriteString(bytes, ref at, F.LeaseToken, row.LeaseToken);
        }

        WriteInt32(bytes, ref at, F.Attempts, row.Attempts);
        WriteInt32(bytes, ref at, F.Failures, row.Failures);
        WriteName(bytes, ref at, BsonType.Array, F.History);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at), 5);
        at += 5;
        at++; // the document's terminating 0
        if (at - offset != size)
        {
            throw new InvalidOperationException($"Delivery row encoded as {at - offset} bytes, {size} expected.");
        }

        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(offset), size);
        return new RawBsonDocument(arena.Slice(bytes, offset, size));
    }

    // Element names here are ASCII constants.
    private static int NameSize(string name) => 1 + name.Length + 1;

    private static int StringSize(string name, string value) => NameSize(name) + 4 + Strict.GetByteCount(value) + 1;

    private static void WriteName(byte[] bytes, ref int at, BsonType type, string name)
    {
        bytes[at++] = (byte)type;
        at += Encoding.ASCII.GetBytes(name, bytes.AsSpan(at));
        at++;
    }

    private static void WriteString(byte[] bytes, ref int at, string name, string value)
    {
        WriteName(bytes, ref at, BsonType.String, name);
        var length = Strict.GetBytes(value, bytes.AsSpan(at + 4));
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at), length + 1);
        at += 4 + length + 1;
    }

    private static void WriteDate(byte[] bytes, ref int at, string name, DateTime value)
    {
        WriteName(bytes, ref at, BsonType.DateTime, name);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(at), BsonUtils.ToMillisecondsSinceEpoch(value));
        at += 8;
    }

    private static void WriteInt32(byte[] bytes, ref int at, string name, int value)
    {
        WriteName(bytes, ref at, BsonType.Int32, name);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at), value);
        at += 4;
    }
}
