using System.Globalization;
using MongoDB.Bson;
using PushGateway.Query.Bson;

namespace PushGateway.ChangeStreams;

/// <summary>
/// Turns a raw change-stream document into the one immutable <see cref="ChangeEvent"/> every sink shares.
/// Only document changes (insert, update, replace, delete) become events; collection-level events are skipped.
/// The raw event must come from a stream opened with <c>fullDocument: whenAvailable</c> (the post-image, never
/// <c>updateLookup</c>) and <c>fullDocumentBeforeChange: whenAvailable</c>.
/// </summary>
internal static class ChangeEventNormalizer
{
    private static readonly HashSet<string> DocumentOperations = new(StringComparer.Ordinal) { "insert", "update", "replace", "delete" };

    /// <summary>The event id: the resume token's <c>_data</c> (a hex string whose order is the event order on MongoDB and the embedded server).</summary>
    public static string EventIdOf(BsonDocument resumeToken) =>
        resumeToken.TryGetValue("_data", out var data) && data.IsString
            ? data.AsString
            : Convert.ToHexString(resumeToken.ToBson());

    public static ChangeEvent? Normalize(BsonDocument raw, WatchOptions watch) => Normalize(raw, watch, out _);

    /// <summary>The gateway's form of one raw change event, with its tenant established by <see cref="TenantResolver"/>.</summary>
    /// <param name="raw">The change event as MongoDB sent it.</param>
    /// <param name="watch">The watched collection's options (tenant field, images).</param>
    /// <param name="resolution">How the tenant was established (or why it was not), for metrics and logs.</param>
    public static ChangeEvent? Normalize(BsonDocument raw, WatchOptions watch, out TenantResolution resolution)
    {
        resolution = default;
        var operation = raw.GetValue("operationType", BsonNull.Value);
        if (!operation.IsString || !DocumentOperations.Contains(operation.AsString)
            || !raw.TryGetValue("documentKey", out var keyValue) || !keyValue.IsBsonDocument)
        {
            return null;
        }

        var op = operation.AsString;
        var token = raw["_id"].AsBsonDocument;
        var documentKey = keyValue.AsBsonDocument;
        var postImage = op == "delete" ? null : DocumentOrNull(raw, "fullDocument");
        var preImage = op == "insert" ? null : DocumentOrNull(raw, "fullDocumentBeforeChange");
        var updateDescription = DocumentOrNull(raw, "updateDescription");
        var clusterTime = raw.TryGetValue("clusterTime", out var ct) && ct.IsBsonTimestamp ? ct.AsBsonTimestamp : new BsonTimestamp(0);
        var wallTime = raw.TryGetValue("wallTime", out var wt) && wt.IsValidDateTime
            ? wt.ToUniversalTime()
            : DateTime.UnixEpoch.AddSeconds(clusterTime.Timestamp);

        resolution = TenantResolver.Resolve(watch.TenantField, op, documentKey, postImage, preImage);
        var tenant = resolution.Tenant;

        // What subscribers may see: the post-image of an update only when asked for; the pre-image only when asked for
        // and never across a hand-over (it is the former owner's data, and no filter may test it either).
        var fullDocument = op == "update" && !watch.FullDocument ? null : postImage;
        var beforeChange = watch.PreImages && !resolution.HandOver ? preImage : null;
        // Built at its exact size (ExactDocuments), once per event; the names below are distinct.
        var eventId = EventIdOf(token);
        var fields = default(ExactDocuments.Builder);
        fields.Add("_id", eventId);
        fields.Add("operationType", operation);
        fields.Add("ns", ExactDocuments.Create([new("db", watch.Database), new("coll", watch.Collection)]));
        fields.Add("documentKey", documentKey);
        if (fullDocument is not null)
        {
            fields.Add("fullDocument", fullDocument);
        }

        if (beforeChange is not null)
        {
            fields.Add("fullDocumentBeforeChange", beforeChange);
        }

        if (updateDescription is not null)
        {
            fields.Add("updateDescription", updateDescription);
        }

        fields.Add("clusterTime", clusterTime);
        fields.Add("wallTime", new BsonDateTime(wallTime));
        fields.Add("tenantId", (BsonValue?)tenant ?? BsonNull.Value);
        var document = fields.ToDocument(allowDuplicateNames: false);

        return new ChangeEvent
        {
            EventId = eventId,
            Collection = watch.Namespace,
            OperationType = op,
            DocumentKey = documentKey,
            FullDocument = fullDocument,
            FullDocumentBeforeChange = beforeChange,
            UpdateDescription = updateDescription,
            ClusterTime = clusterTime,
            WallTime = wallTime,
            TenantId = tenant,
            FormerTenantId = resolution.FormerTenant,
            ResumeToken = token,
            Document = document,
        };
    }

    /// <summary>The cluster time as a sortable string, for logs.</summary>
    public static string Format(BsonTimestamp timestamp) =>
        string.Create(CultureInfo.InvariantCulture, $"{timestamp.Timestamp}.{timestamp.Increment}");

    private static BsonDocument? DocumentOrNull(BsonDocument raw, string name) =>
        raw.TryGetValue(name, out var value) && value.IsBsonDocument ? value.AsBsonDocument : null;
}
