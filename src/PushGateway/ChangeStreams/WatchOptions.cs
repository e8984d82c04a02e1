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

    /// <summary>Ask for the full document on updates (<c>updateLookup</c>, or the stored post-image where enabled). Default true.</summary>
    public bool FullDocument { get; set; } = true;

    /// <summary>Ask for pre-images (needs <c>changeStreamPreAndPostImages</c> on the collection); lets deletes carry their tenant. Default false.</summary>
    public bool PreImages { get; set; }

    /// <summary><c>db.coll</c>, the name clients and webhook subscriptions use.</summary>
    public string Namespace => $"{Database}.{Collection}";
}
