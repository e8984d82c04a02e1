namespace PushGateway.Auth;

/// <summary>Names of the claims the gateway reads, in one place. The tenant claim and roles claim are configured (<see cref="AuthOptions"/>).</summary>
internal static class GatewayClaims
{
    /// <summary>OAuth 2.0 scope claim (RFC 8693): one space-separated string, or an array.</summary>
    public const string Scope = "scope";

    /// <summary>Entra ID / Okta style scope claim: a space-separated string or an array; also accepted.</summary>
    public const string Scp = "scp";

    /// <summary>Optional per-collection permissions: values like <c>shop.orders</c> or <c>shop.*</c>.</summary>
    public const string Collections = "collections";

    public const string Subject = "sub";

    /// <summary>
    /// Set by the gateway itself (never read from a token: any inbound claim of this type is removed) when the raw tenant
    /// claim is not a single JSON string; its value says what it is instead.
    /// </summary>
    public const string TenantClaimProblem = "urn:pushgateway:tenant-claim-problem";
}
