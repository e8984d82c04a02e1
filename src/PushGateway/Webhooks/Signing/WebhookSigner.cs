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
    private static readonly int SignatureChars = Version.Length + ((HMACSHA256.HashSizeInBytes + 2) / 3 * 4);

    /// <summary>The <c>webhook-signature</c> header value for <paramref name="body"/> signed with each of <paramref name="keys"/>.</summary>
    public static string Sign(string messageId, long timestamp, ReadOnlySpan<byte> body, IReadOnlyList<byte[]> keys)
    {
        // The signed content is assembled in a pooled buffer and every hash goes straight into the result string:
        // the only allocation per call is the header value itself.
        Span<char> stamp = stackalloc char[20];
        timestamp.TryFormat(stamp, out var stampChars, provider: CultureInfo.InvariantCulture);
        var prefixBytes = Encoding.UTF8.GetByteCount(messageId) + stampChars + 2;
        var buffer = ArrayPool<byte>.Shared.Rent(prefixBytes + body.Length);
        try
        {
            var written = Encoding.UTF8.GetBytes(messageId, buffer);
            buffer[written++] = (byte)'.';
            written += Encoding.UTF8.GetBytes(stamp[..stampChars], buffer.AsSpan(written));
            buffer[written++] = (byte)'.';
            body.CopyTo(buffer.AsSpan(written));

            var length = (keys.Count * (SignatureChars + 1)) - 1;
            return length <= 0 ? "" : string.Create(length, (Keys: keys, Content: new ContentRef(buffer, written + body.Length)), static (chars, state) =>
            {
                Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
                var position = 0;
                for (var i = 0; i < state.Keys.Count; i++)
                {
                    if (i > 0)
                    {
                        chars[position++] = ' ';
                    }

                    HMACSHA256.HashData(state.Keys[i], state.Content.Span, hash);
                    Version.CopyTo(chars[position..]);
                    position += Version.Length;
                    Convert.TryToBase64Chars(hash, chars[position..], out var encoded);
                    position += encoded;
                }
            });
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The signed content inside the pooled buffer (a span cannot be captured by the string builder's state).</summary>
    private readonly record struct ContentRef(byte[] Buffer, int Length)
    {
        public ReadOnlySpan<byte> Span => Buffer.AsSpan(0, Length);
    }
}
