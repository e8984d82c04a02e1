using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace PushGateway.Tests;

/// <summary>Makes JWTs for tests: valid ones and each kind of invalid one.</summary>
public sealed class TestTokens(string signingKey, string issuer, string audience)
{
    public string Create(
        string? tenantId,
        bool admin = false,
        DateTimeOffset? expires = null,
        string? key = null,
        string? tokenAudience = null,
        string? tokenIssuer = null,
        IEnumerable<Claim>? extraClaims = null)
    {
        var now = DateTimeOffset.UtcNow;
        var claims = new List<Claim> { new("sub", "test-user") };
        if (tenantId is not null)
        {
            claims.Add(new Claim("tenant_id", tenantId));
        }

        if (admin)
        {
            claims.Add(new Claim("scope", "pushgateway.admin"));
        }

        claims.AddRange(extraClaims ?? []);
        var expiry = expires ?? now.AddMinutes(30);
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = tokenIssuer ?? issuer,
            Audience = tokenAudience ?? audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = (expiry < now ? expiry.AddMinutes(-10) : now).UtcDateTime,
            NotBefore = (expiry < now ? expiry.AddMinutes(-10) : now).UtcDateTime,
            Expires = expiry.UtcDateTime,
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key ?? signingKey)), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }
}
