using System.Buffers;
using System.Globalization;
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

    private const string Version = "v1,";
    private const int StackLimit = 512;
    private static readonly int SignatureChars = Version.Length + ((HMACSHA256.HashSizeInBytes + 2) / 3 * 4);

    /// <summary>The <c>webhook-signature</c> header value for <paramref name="body"/> signed with each of <paramref name="keys"/>.</summary>
    public static string Sign(string messageId, long timestamp, ReadOnlySpan<byte> body, IReadOnlyList<byte[]> keys)
    {
        if (keys.Count == 0)
        {
            return "";
        }

        // The signed content is hashed in two parts (the "{id}.{timestamp}." prefix, then the body as it is), with a
        // reused HMAC state per key: no copy of the body, and no key schedule per delivery.
        var prefixLength = Encoding.UTF8.GetByteCount(messageId) + 22;
        var rented = prefixLength > StackLimit ? ArrayPool<byte>.Shared.Rent(prefixLength) : null;
        var prefix = rented is null ? stackalloc byte[prefixLength] : rented.AsSpan(0, prefixLength);
        var length = (keys.Count * (SignatureChars + 1)) - 1;
        var chars = length <= StackLimit ? stackalloc char[length] : new char[length];
        try
        {
            var written = Encoding.UTF8.GetBytes(messageId, prefix);
            prefix[written++] = (byte)'.';
            timestamp.TryFormat(prefix[written..], out var stampBytes, provider: CultureInfo.InvariantCulture);
            written += stampBytes;
            prefix[written++] = (byte)'.';

            Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
            var position = 0;
            for (var i = 0; i < keys.Count; i++)
            {
                if (i > 0)
                {
                    chars[position++] = ' ';
                }

                HmacCache.Hash(keys[i], prefix[..written], body, hash);
                Version.CopyTo(chars[position..]);
                position += Version.Length;
                Convert.TryToBase64Chars(hash, chars[position..], out var encoded);
                position += encoded;
            }

            return new string(chars[..position]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
