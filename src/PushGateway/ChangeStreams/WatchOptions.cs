using System.ComponentModel.DataAnnotations;

namespace PushGateway.ChangeStreams;

/// <summary>One watched collection (an entry of <c>Gateway:Watch</c>): the multiplexer keeps exactly one change-stream cursor for it.</summary>
public sealed class WatchOptions
{
    /// <summary>Database name.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Database { get; set; } = "";

    /// <summary>Collection name.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Collection { get; set; } = "";

    /// <summary>Dotted path, inside the document, of the tenant id. Default <c>tenantId</c>.</summary>
    [Required(AllowEmptyStrings = false)]
    public string TenantField { get; set; } = "tenantId";

    /// <summary>
    /// Whether update events carry <c>fullDocument</c>: the post-image, the document as of the event (never an
    /// <c>updateLookup</c> of its current state). Insert and replace events always carry their document. Default true.
    /// </summary>
    public bool FullDocument { get; set; } = true;

    /// <summary>
    /// Whether events carry <c>fullDocumentBeforeChange</c> (the pre-image) for filters and payloads; never across a
    /// tenant hand-over. Pre- and post-images are read either way whenever the tenant is not in the documentKey.
    /// Default false.
    /// </summary>
    public bool PreImages { get; set; }

    /// <summary>
    /// Declares that <see cref="TenantField"/> is part of every event's <c>documentKey</c> (e.g. in the shard key); then
    /// the tenant is read from the key and images are not required. Implied when the field is <c>_id</c> or under it.
    /// Default false.
    /// </summary>
    public bool TenantInDocumentKey { get; set; }

    /// <summary>True when the tenant can be read from the documentKey alone.</summary>
    public bool TenantInKey => TenantInDocumentKey || TenantField == "_id" || TenantField.StartsWith("_id.", StringComparison.Ordinal);

    /// <summary>True when the collection must have <c>changeStreamPreAndPostImages</c> on (see <see cref="TenantResolver"/>).</summary>
    public bool NeedsImages => PreImages || !TenantInKey;

    /// <summary><c>db.coll</c>, the name clients and webhook subscriptions use.</summary>
    public string Namespace => $"{Database}.{Collection}";
}
