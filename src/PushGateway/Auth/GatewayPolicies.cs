namespace PushGateway.Auth;

/// <summary>Authorization policy names.</summary>
internal static class GatewayPolicies
{
    /// <summary>An authenticated caller with a tenant (or the admin scope).</summary>
    public const string Tenant = "tenant";

    /// <summary>A caller with the admin scope.</summary>
    public const string Admin = "admin";
}
