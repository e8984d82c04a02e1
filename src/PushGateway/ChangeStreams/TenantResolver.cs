using MongoDB.Bson;

namespace PushGateway.ChangeStreams;

/// <summary>
/// Derives an event's tenant on the server, never from the client: the <c>TenantField</c> of the full document;
/// for deletes (or updates whose document is gone) the pre-image when enabled, else the document key when it
/// holds the tenant, else the recent-documents cache. Null when none of them knows.
/// </summary>
internal static class TenantResolver
{
    public static string? Resolve(
        string tenantField,
        BsonDocument documentKey,
        BsonDocument? fullDocument,
        BsonDocument? preImage,
        RecentTenantCache cache) =>
        AsTenant(DocumentPath.Get(fullDocument, tenantField))
        ?? AsTenant(DocumentPath.Get(preImage, tenantField))
        ?? AsTenant(DocumentPath.Get(documentKey, tenantField))
        ?? cache.Find(documentKey);

    /// <summary>Tokens carry tenants as strings; a non-string tenant field is compared by its string form.</summary>
    private static string? AsTenant(BsonValue? value) => value switch
    {
        null or BsonNull or BsonUndefined => null,
        BsonString s => s.Value.Length == 0 ? null : s.Value,
        BsonDocument or BsonArray => null,
        _ => value.ToString(),
    };
}
