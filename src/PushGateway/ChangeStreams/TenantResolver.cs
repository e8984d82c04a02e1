using MongoDB.Bson;

namespace PushGateway.ChangeStreams;

/// <summary>
/// The isolation rule: an event's tenant comes only from data true at the event's time — the <c>documentKey</c> when it
/// holds the tenant field, else insert and replace → the event's own <c>fullDocument</c>, update → the post-image,
/// delete → the pre-image. Never from a lookup of the current document, never from memory. A tenant is a non-empty
/// string other than the reserved all-tenants key; anything else leaves the event without a tenant (admins only).
/// </summary>
internal static class TenantResolver
{
    /// <summary>Why an event has no tenant (the <c>reason</c> tag of the untenanted metric).</summary>
    public const string ImageMissing = "image_missing";
    public const string FieldMissing = "field_missing";
    public const string NotAString = "invalid_value";

    /// <summary>The all-tenants key of admin subscriptions; never a tenant of its own.</summary>
    private const string Reserved = "*";

    /// <summary>The tenant of one event, or why it has none.</summary>
    /// <param name="tenantField">Dotted path of the tenant id (<c>Gateway:Watch:N:TenantField</c>).</param>
    /// <param name="operation">The event's <c>operationType</c>.</param>
    /// <param name="documentKey">The event's <c>documentKey</c>.</param>
    /// <param name="postImage">For an update, the post-image (<c>fullDocument: whenAvailable</c>); for insert and replace the event's document.</param>
    /// <param name="preImage">The pre-image (<c>fullDocumentBeforeChange: whenAvailable</c>), null when absent or expired.</param>
    public static TenantResolution Resolve(string tenantField, string operation, BsonDocument documentKey, BsonDocument? postImage, BsonDocument? preImage)
    {
        if (DocumentPath.Get(documentKey, tenantField) is { } keyValue)
        {
            // A documentKey never changes for the document's life, so there is no hand-over to detect.
            return Read(keyValue);
        }

        if (operation == "delete")
        {
            return preImage is null ? TenantResolution.Fail(ImageMissing) : Read(DocumentPath.Get(preImage, tenantField));
        }

        if (postImage is null)
        {
            return TenantResolution.Fail(ImageMissing);
        }

        var current = Read(DocumentPath.Get(postImage, tenantField));
        if (operation == "insert" || preImage is null)
        {
            return current;
        }

        var former = Read(DocumentPath.Get(preImage, tenantField)).Tenant;
        return string.Equals(former, current.Tenant, StringComparison.Ordinal)
            ? current
            : current with { FormerTenant = former, HandOver = true };
    }

    private static TenantResolution Read(BsonValue? value) => value switch
    {
        null => TenantResolution.Fail(FieldMissing),
        BsonString { Value.Length: > 0 } s when s.Value != Reserved => TenantResolution.Of(s.Value),
        _ => TenantResolution.Fail(NotAString),
    };
}
