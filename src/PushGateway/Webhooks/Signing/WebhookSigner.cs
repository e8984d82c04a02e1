using System.Security.Cryptography;
using System.Text;

namespace PushGateway.Webhooks.Signing;

/// <summary>
/// Standard Webhooks <c>v1</c> signatures: base64 of HMAC-SHA256 over <c>"{webhook-id}.{webhook-timestamp}.{body}"</c>,
/// one <c>v1,&lt;sig&gt;</c> per active secret, space separated (receivers accept any one of them).
/// </summary>
internal static class WebhookSigner
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";

    /// <summary>The <c>webhook-signature</c> header value for <paramref name="body"/> signed with each of <paramref name="keys"/>.</summary>
    public static string Sign(string messageId, long timestamp, ReadOnlySpan<byte> body, IReadOnlyList<byte[]> keys)
    {
        var prefix = Encoding.UTF8.GetBytes($"{messageId}.{timestamp}.");
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));

        var signature = new StringBuilder();
        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        foreach (var key in keys)
        {
            HMACSHA256.HashData(key, content, hash);
            if (signature.Length > 0)
            {
                signature.Append(' ');
            }

            signature.Append("v1,").Append(Convert.ToBase64String(hash));
        }

        return signature.ToString();
    }
}
