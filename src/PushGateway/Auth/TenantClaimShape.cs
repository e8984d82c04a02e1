using System.Security.Claims;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace PushGateway.Auth;

/// <summary>
/// Checks the JSON shape of the tenant claim in a validated token. Claims built from a JWT flatten arrays (<c>["a"]</c>
/// becomes the claim <c>a</c>), so only the raw payload can tell a string from an array of one.
/// </summary>
internal static class TenantClaimShape
{
    /// <summary>Marks <paramref name="principal"/> with <see cref="GatewayClaims.TenantClaimProblem"/> when the tenant claim is not one string.</summary>
    public static void Mark(ClaimsPrincipal principal, SecurityToken token, string tenantClaim)
    {
        if (principal.Identity is not ClaimsIdentity identity)
        {
            return;
        }

        foreach (var forged in identity.FindAll(GatewayClaims.TenantClaimProblem).ToList())
        {
            identity.RemoveClaim(forged);
        }

        if (token is JsonWebToken jwt && Describe(jwt, tenantClaim) is { } problem)
        {
            identity.AddClaim(new Claim(GatewayClaims.TenantClaimProblem, problem));
        }
    }

    private static string? Describe(JsonWebToken jwt, string tenantClaim)
    {
        using var payload = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(jwt.EncodedPayload));
        if (!payload.RootElement.TryGetProperty(tenantClaim, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => null,
            JsonValueKind.Array => "is an array",
            JsonValueKind.Object => "is a JSON object",
            JsonValueKind.Number => "is a number",
            JsonValueKind.True or JsonValueKind.False => "is a boolean",
            _ => "is null",
        };
    }
}
