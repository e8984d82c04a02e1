using MongoDB.Bson.Serialization.Attributes;

namespace PushGateway.Webhooks.Delivery;

/// <summary>One POST of a delivery, as stored in the row's history (absent fields are null; see <c>DeliveryUpdates</c>).</summary>
internal sealed class DeliveryAttempt
{
    public DateTime At { get; set; }

    /// <summary>HTTP status, or null when no response came (timeout, refused, blocked).</summary>
    [BsonIgnoreIfNull]
    public int? StatusCode { get; set; }

    public double DurationMs { get; set; }

    /// <summary>The first bytes of the response body (at most 4 KiB).</summary>
    [BsonIgnoreIfNull]
    public string? ResponseExcerpt { get; set; }

    [BsonIgnoreIfNull]
    public string? Error { get; set; }
}
