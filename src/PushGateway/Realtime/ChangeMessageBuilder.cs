using System.Buffers;
using System.Globalization;
using System.Text.Json;
using MongoDB.Bson;
using MongoDB.Bson.IO;
using PushGateway.ChangeStreams;

namespace PushGateway.Realtime;

/// <summary>
/// Builds the <c>change</c> message once per (event, group), as a ready JSON element so SignalR copies bytes instead of
/// serialising per connection: <c>{subscriptionId, eventId, collection, operationType, documentKey, fullDocument?,
/// updateDescription?, clusterTime: {t, i}, wallTime, tenantId}</c>. Documents are Relaxed Extended JSON.
/// </summary>
internal static class ChangeMessageBuilder
{
    private static readonly JsonWriterSettings Relaxed = new() { OutputMode = JsonOutputMode.RelaxedExtendedJson, Indent = false };

    public static JsonElement Build(ChangeEvent change, SubscriptionGroup group)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("subscriptionId", group.SubscriptionId);
            writer.WriteString("eventId", change.EventId);
            writer.WriteString("collection", change.Collection);
            writer.WriteString("operationType", change.OperationType);
            writer.WritePropertyName("documentKey");
            writer.WriteRawValue(change.DocumentKey.ToJson(Relaxed), skipInputValidation: true);
            if (group.FullDocument && change.FullDocument is { } full)
            {
                writer.WritePropertyName("fullDocument");
                var projected = group.Projection is null ? full : group.Projection.Apply(full);
                writer.WriteRawValue(projected.ToJson(Relaxed), skipInputValidation: true);
            }

            if (change.UpdateDescription is { } update)
            {
                writer.WritePropertyName("updateDescription");
                writer.WriteRawValue(Trim(update, group).ToJson(Relaxed), skipInputValidation: true);
            }

            writer.WriteStartObject("clusterTime");
            writer.WriteNumber("t", change.ClusterTime.Timestamp);
            writer.WriteNumber("i", change.ClusterTime.Increment);
            writer.WriteEndObject();
            writer.WriteString("wallTime", change.WallTime.ToString("O", CultureInfo.InvariantCulture));
            if (change.TenantId is null)
            {
                writer.WriteNull("tenantId");
            }
            else
            {
                writer.WriteString("tenantId", change.TenantId);
            }

            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    /// <summary>
    /// The <c>left</c> message of a hand-over for a subscription of the former owner:
    /// <c>{subscriptionId, eventId, collection, documentKey}</c> and nothing of the document's new content.
    /// </summary>
    public static JsonElement BuildLeft(ChangeEvent change, SubscriptionGroup group)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("subscriptionId", group.SubscriptionId);
            writer.WriteString("eventId", change.EventId);
            writer.WriteString("collection", change.Collection);
            writer.WritePropertyName("documentKey");
            writer.WriteRawValue(change.DocumentKey.ToJson(Relaxed), skipInputValidation: true);
            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    /// <summary>With a projection, <c>updatedFields</c> keeps only the projected fields (and their sub-fields).</summary>
    private static BsonDocument Trim(BsonDocument update, SubscriptionGroup group)
    {
        if (group.Projection is null || group.Fields.Count == 0 || !update.TryGetValue("updatedFields", out var fields) || !fields.IsBsonDocument)
        {
            return update;
        }

        var kept = new BsonDocument(fields.AsBsonDocument.Where(e => group.Fields.Any(f =>
            e.Name == f || e.Name.StartsWith(f + ".", StringComparison.Ordinal) || f.StartsWith(e.Name + ".", StringComparison.Ordinal))));
        var trimmed = update.DeepClone().AsBsonDocument;
        trimmed["updatedFields"] = kept;
        return trimmed;
    }
}
