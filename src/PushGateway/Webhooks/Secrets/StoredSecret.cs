namespace PushGateway.Webhooks.Secrets;

/// <summary>One signing secret at rest: the <c>whsec_</c> string encrypted with ASP.NET Core Data Protection.</summary>
internal sealed class StoredSecret
{
    public string Protected { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    /// <summary>When a rotated-out secret stops signing; null for the current secret.</summary>
    public DateTime? ExpiresAt { get; set; }
}
