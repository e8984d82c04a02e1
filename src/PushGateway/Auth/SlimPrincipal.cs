using System.Security.Claims;
using Microsoft.IdentityModel.Tokens;

namespace PushGateway.Auth;

/// <summary>
/// The principal a request keeps after its token was validated: only the claims <see cref="CallerResolver"/> reads
/// (subject, tenant, scopes, roles, collections and the gateway's own tenant-shape mark). The validated identity would keep
/// the parsed token, both claim sets and every claim alive for as long as the request runs, which for a hub WebSocket is
/// the life of the connection. The expiry stays in the authentication properties (it closes the hub connection).
/// </summary>
internal static class SlimPrincipal
{
    /// <summary>A copy of <paramref name="validated"/> holding only the claims the gateway reads.</summary>
    /// <remarks>
    /// Claim types are compared ordinally and the copy is a <see cref="CaseSensitiveClaimsIdentity"/>, as the validated one
    /// is, so <c>Tenant_Id</c> never stands in for <c>tenant_id</c>. The copy carries no security token.
    /// </remarks>
    public static ClaimsPrincipal From(ClaimsPrincipal validated, AuthOptions options)
    {
        if (validated.Identity is not ClaimsIdentity identity)
        {
            return validated;
        }

        var kept = new List<Claim>(4);
        foreach (var claim in identity.Claims)
        {
            if (IsRead(claim.Type, options))
            {
                // Types, issuers and every value but the subject repeat from token to token: one copy each for all
                // connections (SharedStrings), instead of one per connection.
                var issuer = SharedStrings.Share(claim.Issuer);
                var originalIssuer = claim.OriginalIssuer == claim.Issuer ? issuer : SharedStrings.Share(claim.OriginalIssuer);
                var value = claim.Type == GatewayClaims.Subject ? claim.Value : SharedStrings.Share(claim.Value);
                kept.Add(new Claim(SharedStrings.Share(claim.Type), value, claim.ValueType, issuer, originalIssuer));
            }
        }

        return new ClaimsPrincipal(new CaseSensitiveClaimsIdentity(kept, identity.AuthenticationType, identity.NameClaimType, identity.RoleClaimType));
    }

    private static bool IsRead(string type, AuthOptions options) =>
        type is GatewayClaims.Subject or GatewayClaims.Scope or GatewayClaims.Scp or GatewayClaims.Collections or GatewayClaims.TenantClaimProblem
        || string.Equals(type, options.TenantClaim, StringComparison.Ordinal)
        || (!string.IsNullOrWhiteSpace(options.RolesClaim) && string.Equals(type, options.RolesClaim, StringComparison.Ordinal));
}
