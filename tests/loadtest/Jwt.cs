using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace PushGateway.LoadTest;

/// <summary>Signs HS256 tokens the gateway accepts (same key, issuer and audience), without an identity provider.</summary>
internal static class Jwt
{
    public static string Create(LoadTestOptions options, string tenant, TimeSpan lifetime)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = Encode(JsonSerializer.SerializeToUtf8Bytes(new { alg = "HS256", typ = "JWT" }));
        var payload = Encode(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["sub"] = "loadtest",
            ["tenant_id"] = tenant,
            ["iss"] = options.Issuer,
            ["aud"] = options.Audience,
            ["iat"] = now,
            ["nbf"] = now,
            ["exp"] = now + (long)lifetime.TotalSeconds,
        }));
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(options.SigningKey), Encoding.ASCII.GetBytes($"{header}.{payload}"));
        return $"{header}.{payload}.{Encode(signature)}";
    }

    private static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
