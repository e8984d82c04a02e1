namespace PushGateway.Webhooks;

/// <summary>Names of the gateway database's collections the webhook feature owns, in one place.</summary>
internal static class WebhookCollections
{
    public const string Subscriptions = "webhookSubscriptions";

    public const string Deliveries = "webhookDeliveries";

    /// <summary>ASP.NET Core Data Protection key ring (shared by every instance).</summary>
    public const string DataProtectionKeys = "dataProtectionKeys";
}
