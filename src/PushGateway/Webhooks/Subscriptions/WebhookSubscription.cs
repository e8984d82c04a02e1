using PushGateway.Webhooks.Secrets;

namespace PushGateway.Webhooks.Subscriptions;

/// <summary>A webhook subscription as stored in <c>webhookSubscriptions</c>. API shapes are separate records.</summary>
internal sealed class WebhookSubscription
{
    /// <summary><c>wh_</c> + an ObjectId: ids sort by creation, which paging relies on.</summary>
    public string Id { get; set; } = "";

    /// <summary>Tenant whose events are delivered; null = every tenant (admin subscriptions only).</summary>
    public string? TenantId { get; set; }

    public string? CreatedBy { get; set; }

    public string Url { get; set; } = "";

    public string? Description { get; set; }

    /// <summary>Watched collections, <c>db.coll</c>.</summary>
    public List<string> Collections { get; set; } = [];

    /// <summary>Operation types delivered; empty = all.</summary>
    public List<string> OperationTypes { get; set; } = [];

    /// <summary>The filter text as given (MQL JSON or the SQL dialect); null = every event.</summary>
    public string? Filter { get; set; }

    /// <summary>Include <c>fullDocument</c> (and the pre-image) in the payload.</summary>
    public bool FullDocument { get; set; } = true;

    /// <summary>Dotted paths of the change event kept in <c>data</c>; empty = all.</summary>
    public List<string> Fields { get; set; } = [];

    /// <summary>Extra request headers.</summary>
    public Dictionary<string, string> Headers { get; set; } = [];

    public double? MaxPerSecond { get; set; }

    public bool Ordered { get; set; }

    public bool Enabled { get; set; } = true;

    public string? DisabledReason { get; set; }

    /// <summary>Signing secrets, encrypted with Data Protection; the newest first.</summary>
    public List<StoredSecret> Secrets { get; set; } = [];

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>Start of the current run of failures without a success; null while healthy.</summary>
    public DateTime? FailingSince { get; set; }

    public DateTime? LastSuccessAt { get; set; }
}
