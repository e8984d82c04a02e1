using System.ComponentModel.DataAnnotations;

namespace PushGateway.Auth;

/// <summary>
/// How callers prove who they are. Either HS256 with <see cref="SigningKey"/> (development and tests)
/// or an OpenID Connect <see cref="Authority"/> (production). Lifetime, issuer, audience and signature
/// are always validated.
/// </summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>Shared HS256 key, at least 32 bytes of UTF-8. Required unless <see cref="Authority"/> is set.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Expected <c>iss</c> for HS256 tokens. Default <c>pushgateway</c>. (With an authority, its metadata decides.)</summary>
    public string Issuer { get; set; } = "pushgateway";

    /// <summary>Expected <c>aud</c>. Default <c>pushgateway</c>.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Audience { get; set; } = "pushgateway";

    /// <summary>OIDC authority (issuer URL) whose signing keys are fetched from its metadata; empty = HS256 mode.</summary>
    public string? Authority { get; set; }

    /// <summary>Claim that carries the caller's tenant. Default <c>tenant_id</c>.</summary>
    [Required(AllowEmptyStrings = false)]
    public string TenantClaim { get; set; } = "tenant_id";

    /// <summary>Scope that lets a caller see and subscribe across tenants. Default <c>pushgateway.admin</c>.</summary>
    [Required(AllowEmptyStrings = false)]
    public string AdminScope { get; set; } = "pushgateway.admin";

    /// <summary>Tolerated clock difference when checking <c>exp</c>/<c>nbf</c>, in seconds. Default 30.</summary>
    [Range(0, 300)]
    public int ClockSkewSeconds { get; set; } = 30;

    /// <summary>Minimum HS256 key length in bytes (256 bits, as RFC 7518 requires for HS256).</summary>
    public const int MinimumSigningKeyBytes = 32;
}
