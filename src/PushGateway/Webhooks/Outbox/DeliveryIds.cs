using System.Security.Cryptography;
using System.Text;

namespace PushGateway.Webhooks.Outbox;

/// <summary>Deterministic delivery ids (= <c>webhook-id</c>): <c>msg_</c> + 32 hex digits of SHA-256(subscription, event).</summary>
internal static class DeliveryIds
{
    public static string For(string subscriptionId, string eventId)
    {
        var length = Encoding.UTF8.GetByteCount(subscriptionId) + 1 + Encoding.UTF8.GetByteCount(eventId);
        var rented = length > 512 ? System.Buffers.ArrayPool<byte>.Shared.Rent(length) : null;
        var input = rented is null ? stackalloc byte[length] : rented.AsSpan(0, length);
        var written = Encoding.UTF8.GetBytes(subscriptionId, input);
        input[written++] = (byte)'\n';
        Encoding.UTF8.GetBytes(eventId, input[written..]);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(input, hash);
        if (rented is not null)
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }

        Span<char> id = stackalloc char[36];
        "msg_".CopyTo(id);
        Convert.TryToHexStringLower(hash[..16], id[4..], out _);
        return new string(id);
    }
}
