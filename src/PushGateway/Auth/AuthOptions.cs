using System.ComponentModel.DataAnnotations;

namespace PushGateway.Auth;

/// <summary>
/// How callers prove who they are. Either an OpenID Connect <see cref="Authority"/> (production: RS256/ES256 tokens
/// whose keys come from the provider's discovery document) or HS256 with <see cref="SigningKey"/> (development and
/// tests). Signature, issuer, audience and lifetime (an expiry is required) are always validated.
/// </summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>Minimum HS256 key length in bytes (256 bits, as RFC 7518 requires for HS256).</summary>
    public const int MinimumSigningKeyBytes = 32;

    /// <summary>Shared HS256 key, at least 32 bytes of UTF-8. Required unless <see cref="Authority"/> is set; ignored when it is.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Expected <c>iss</c> for HS256 tokens. Default <c>pushgateway</c>. (With an authority, its discovery document decides.)</summary>
    public string Issuer { get; set; } = "pushgateway";

    /// <summary>Expected <c>aud</c>. Default <c>pushgateway</c>.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Audience { get; set; } = "pushgateway";

    /// <summary>
    /// OpenID Connect issuer URL; its <c>/.well-known/openid-configuration</c> names the signing keys (JWKS). Empty = HS256 mode.
    /// </summary>
    public string? Authority { get; set; }

    /// <summary>
    /// Whether the authority's metadata must be fetched over HTTPS. Default true. False is allowed only for a provider on a
    /// loopback address (or any host in the Development environment): startup stops otherwise.
    /// </summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>
    /// Least time between two metadata refreshes forced by a token signed with a key the gateway has not seen. Default 5 minutes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MetadataRefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How often the authority's metadata and keys are re-read regardless (a removed key stops validating then; the library adds
    /// up to an hour of jitter). Default 1 hour, at least 5 minutes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:05:00", "7.00:00:00")]
    public TimeSpan MetadataAutomaticRefreshInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Claim that carries the caller's tenant: exactly one string (see <see cref="TenantIds"/>). Default <c>tenant_id</c>; may be a
    /// namespaced URL such as <c>https://example.com/tenant_id</c>.
    /// </summary>
    [Required(AllowEmptyStrings = false)]
    public string TenantClaim { get; set; } = "tenant_id";

    /// <summary>Scope (in <c>scope</c> or <c>scp</c>) or role (in <see cref="RolesClaim"/>) that sees across tenants. Default <c>pushgateway.admin</c>.</summary>
    [Required(AllowEmptyStrings = false)]
    public string AdminScope { get; set; } = "pushgateway.admin";

    /// <summary>
    /// Optional claim holding roles or groups (e.g. <c>roles</c> for Entra ID, <c>cognito:groups</c>); <see cref="AdminScope"/>
    /// among its values also makes the caller an admin. Empty (default) = roles are not read.
    /// </summary>
    public string? RolesClaim { get; set; }

    /// <summary>Tolerated clock difference when checking <c>exp</c>/<c>nbf</c>, in seconds. Default 30.</summary>
    [Range(0, 300)]
    public int ClockSkewSeconds { get; set; } = 30;

    /// <summary>True when tokens come from an OpenID Connect provider rather than the shared key.</summary>
    public bool UsesAuthority => !string.IsNullOrWhiteSpace(Authority);
}
