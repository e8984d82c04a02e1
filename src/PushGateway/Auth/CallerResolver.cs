using System.Security.Claims;
using Microsoft.Extensions.Options;

namespace PushGateway.Auth;

/// <summary>Turns a validated principal into a <see cref="Caller"/>, using the configured claim names.</summary>
public sealed class CallerResolver(IOptions<AuthOptions> options)
{
    private readonly AuthOptions _options = options.Value;

    /// <summary>Reads the caller; returns null when the principal is not authenticated.</summary>
    public Caller? Resolve(ClaimsPrincipal? principal)
    {
        if (principal?.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        var scopes = SplitAll(principal, GatewayClaims.Scope, GatewayClaims.Scp);
        var collections = SplitAll(principal, GatewayClaims.Collections);
        var tenant = principal.FindFirst(_options.TenantClaim)?.Value;
        return new Caller(
            principal.FindFirst(GatewayClaims.Subject)?.Value,
            string.IsNullOrWhiteSpace(tenant) ? null : tenant,
            scopes.Contains(_options.AdminScope),
            scopes,
            collections);
    }

    private static HashSet<string> SplitAll(ClaimsPrincipal principal, params string[] claimTypes)
    {
        var values = new HashSet<string>(StringComparer.Ordinal);
        foreach (var type in claimTypes)
        {
            foreach (var claim in principal.FindAll(type))
            {
                foreach (var part in claim.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    values.Add(part);
                }
            }
        }

        return values;
    }
}
