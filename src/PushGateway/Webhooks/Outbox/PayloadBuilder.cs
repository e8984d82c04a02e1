using System.Globalization;
using MongoDB.Bson;
using PushGateway.ChangeStreams;
using PushGateway.Webhooks.Subscriptions;

namespace PushGateway.Webhooks.Outbox;

/// <summary>
/// Builds the webhook body <c>{"type":"&lt;db&gt;.&lt;coll&gt;.&lt;operationType&gt;","timestamp":"&lt;ISO 8601&gt;","data":{change event}}</c>
/// once per delivery. <c>data</c> is the change event in compact Relaxed Extended JSON (<see cref="CompactJson"/>),
/// narrowed by the subscription's <c>fullDocument</c> and <c>fields</c>; a body over the size cap loses its documents
/// and says <c>"truncated": true</c>.
/// </summary>
internal static class PayloadBuilder
{
    private static readonly string[] DocumentFields = ["fullDocument", "fullDocumentBeforeChange"];

    /// <summary><c>db.coll.operationType</c>: the database too, so two databases' collections of one name stay apart.</summary>
    public static string TypeOf(ChangeEvent change) => $"{change.Collection}.{change.OperationType}";

    public static byte[] Build(ChangeEvent change, CompiledSubscription subscription, int maxBytes) =>
        Build(change, TypeOf(change), subscription, maxBytes);

    /// <summary>
    /// The body for one subscription as UTF-8 (stored, signed and sent as these bytes); <paramref name="type"/> is
    /// <see cref="TypeOf"/> of the event (computed once per event).
    /// </summary>
    public static byte[] Build(ChangeEvent change, string type, CompiledSubscription subscription, int maxBytes)
    {
        var data = change.Document;
        if (!subscription.Stored.FullDocument)
        {
            data = Without(data, DocumentFields);
        }

        if (subscription.Projection is { } projection)
        {
            data = projection.Apply(data);
        }

        var body = Serialize(type, change.WallTime, data);
        if (body.Length <= maxBytes)
        {
            return body;
        }

        var truncated = Without(data, [.. DocumentFields, "updateDescription"]);
        truncated["truncated"] = true;
        return Serialize(type, change.WallTime, truncated);
    }

    /// <summary>A body as UTF-8 JSON.</summary>
    public static byte[] Serialize(string type, DateTime timestamp, BsonDocument data) =>
        CompactJson.WriteUtf8((type, timestamp, data), static (writer, body) =>
        {
            writer.WriteStartObject();
            writer.WriteString("type", body.type);
            Span<char> stamp = stackalloc char[24];
            body.timestamp.ToUniversalTime().TryFormat(stamp, out var written, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            writer.WriteString("timestamp", stamp[..written]);
            writer.WritePropertyName("data");
            CompactJson.WriteValue(writer, body.data);
            writer.WriteEndObject();
        });

    /// <summary>A shallow copy without <paramref name="names"/>: the event document is shared and must not change.</summary>
    private static BsonDocument Without(BsonDocument document, IReadOnlyCollection<string> names) =>
        new(document.Where(e => !names.Contains(e.Name)));
}
