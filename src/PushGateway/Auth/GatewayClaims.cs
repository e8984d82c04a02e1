namespace PushGateway.Auth;

/// <summary>Names of the claims the gateway reads, in one place.</summary>
internal static class GatewayClaims
{
    /// <summary>OAuth 2.0 scope claim: one space-separated string, or one claim per scope.</summary>
    public const string Scope = "scope";

    /// <summary>Azure AD style scope claim, also accepted.</summary>
    public const string Scp = "scp";

    /// <summary>Optional per-collection permissions: values like <c>shop.orders</c> or <c>shop.*</c>.</summary>
    public const string Collections = "collections";

    public const string Subject = "sub";
}
