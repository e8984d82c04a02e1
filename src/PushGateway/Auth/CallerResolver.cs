using System.Collections.Frozen;
using System.Security.Claims;
using Microsoft.Extensions.Options;

namespace PushGateway.Auth;

/// <summary>
/// Turns a validated principal into a <see cref="Caller"/>, using the configured claim names. The tenant claim must be
/// exactly one acceptable string (<see cref="TenantIds"/>); any other shape refuses the token, admin or not.
/// </summary>
public sealed class CallerResolver(IOptions<AuthOptions> options)
{
    private readonly AuthOptions _options = options.Value;

    /// <summary>Reads the caller; null when the principal is not authenticated or its tenant claim is refused.</summary>
    public Caller? Resolve(ClaimsPrincipal? principal) => Read(principal).Caller;

    /// <summary>Reads the caller, or says why its token cannot be used.</summary>
    public CallerReading Read(ClaimsPrincipal? principal)
    {
        if (principal?.Identity?.IsAuthenticated != true)
        {
            return new CallerReading(null, "The request carries no valid bearer token.");
        }

        if (TenantProblem(principal) is { } problem)
        {
            return new CallerReading(null, $"The token's '{_options.TenantClaim}' claim {problem}; it must be exactly one string of 1 to {TenantIds.MaxLength} printable characters.");
        }

        var scopes = Values(principal, split: true, GatewayClaims.Scope, GatewayClaims.Scp);
        var roles = string.IsNullOrWhiteSpace(_options.RolesClaim) ? FrozenSet<string>.Empty : Values(principal, split: false, _options.RolesClaim);
        var collections = Values(principal, split: true, GatewayClaims.Collections);
        return new CallerReading(
            new Caller(
                principal.FindFirst(GatewayClaims.Subject)?.Value,
                principal.FindFirst(_options.TenantClaim)?.Value,
                scopes.Contains(_options.AdminScope) || roles.Contains(_options.AdminScope),
                scopes,
                collections),
            null);
    }

    private string? TenantProblem(ClaimsPrincipal principal)
    {
        if (principal.FindFirst(GatewayClaims.TenantClaimProblem) is { } marked)
        {
            return marked.Value;
        }

        var claims = principal.FindAll(_options.TenantClaim).ToList();
        return claims.Count switch
        {
            0 => null,
            > 1 => "is an array",
            _ when claims[0].ValueType != ClaimValueTypes.String => "is not a string",
            _ => TenantIds.Problem(claims[0].Value),
        };
    }

    private static IReadOnlySet<string> Values(ClaimsPrincipal principal, bool split, params string[] claimTypes)
    {
        var values = new HashSet<string>(StringComparer.Ordinal);
        foreach (var type in claimTypes)
        {
            foreach (var claim in principal.FindAll(type))
            {
                if (!split)
                {
                    values.Add(claim.Value);
                    continue;
                }

                foreach (var part in claim.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    values.Add(part);
                }
            }
        }

        // Most tokens carry no collections (and many no scopes): one shared empty set instead of one per connection.
        return values.Count == 0 ? FrozenSet<string>.Empty : values;
    }
}
