namespace PushGateway.Realtime;

/// <summary>
/// Argument of the hub's <c>Subscribe</c>. <paramref name="Collection"/> is <c>db.coll</c>; <paramref name="Filter"/> is
/// MQL JSON or the SQL dialect, evaluated against the change event (<c>operationType</c>, <c>fullDocument.*</c>, ...);
/// <paramref name="ResumeFrom"/> an earlier <c>eventId</c> to replay from; <paramref name="FullDocument"/> (default true)
/// whether messages carry the full document; <paramref name="Fields"/> a projection of the documents' fields.
/// </summary>
public sealed record SubscribeRequest(string? Collection, string? Filter = null, string? ResumeFrom = null, bool? FullDocument = null, string[]? Fields = null);
