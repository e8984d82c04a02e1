using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace PushGateway.Tests.Auth;

/// <summary>HS256 tokens for the test gateway whose claims may be any JSON (arrays, objects, numbers), as a provider could send them.</summary>
internal static class ShapedTokens
{
    public static string Create(IDictionary<string, object> claims)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = GatewayFactory.Issuer,
            Audience = GatewayFactory.Audience,
            Claims = new Dictionary<string, object>(claims) { ["sub"] = "shaped-user" },
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(10),
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(Encoding.UTF8.GetBytes(GatewayFactory.SigningKey)), SecurityAlgorithms.HmacSha256),
        });
    }
}
