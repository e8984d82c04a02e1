using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace PushGateway.Auth;

/// <summary>Issues HS256 tokens with the configured signing key, for Development and tests only.</summary>
public sealed class DevTokenIssuer(IOptions<AuthOptions> options, TimeProvider timeProvider)
{
    /// <summary>Longest lifetime a development token may ask for.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromHours(12);

    /// <summary>Why no token can be issued here (OIDC mode, or no key), or null when one can.</summary>
    public string? Refusal => options.Value switch
    {
        { UsesAuthority: true } auth =>
            $"The gateway is configured for the OpenID Connect provider '{auth.Authority}' (Auth:Authority) and accepts only its tokens: get a token from that provider.",
        { SigningKey: null or "" } => "Auth:SigningKey (environment variable Auth__SigningKey) is not set: tokens are signed with it (HS256 mode).",
        _ => null,
    };

    /// <summary>Creates a signed token for <paramref name="tenantId"/>.</summary>
    public (string Token, DateTimeOffset ExpiresAt) Issue(string? tenantId, bool admin, TimeSpan lifetime, string subject = "dev-user")
    {
        var auth = options.Value;
        var now = timeProvider.GetUtcNow();
        var expires = now + (lifetime > MaxLifetime ? MaxLifetime : lifetime);
        var claims = new List<Claim> { new(GatewayClaims.Subject, subject) };
        if (!string.IsNullOrEmpty(tenantId))
        {
            claims.Add(new Claim(auth.TenantClaim, tenantId));
        }

        if (admin)
        {
            claims.Add(new Claim(GatewayClaims.Scope, auth.AdminScope));
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = auth.Issuer,
            Audience = auth.Audience,
            Subject = new ClaimsIdentity(claims),
            NotBefore = now.UtcDateTime,
            IssuedAt = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(Encoding.UTF8.GetBytes(auth.SigningKey!)), SecurityAlgorithms.HmacSha256),
        };
        return (new JsonWebTokenHandler().CreateToken(descriptor), expires);
    }
}
