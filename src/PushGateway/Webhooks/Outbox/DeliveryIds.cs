using System.Security.Cryptography;
using System.Text;

namespace PushGateway.Webhooks.Outbox;

/// <summary>Deterministic delivery ids (= <c>webhook-id</c>): <c>msg_</c> + 32 hex digits of SHA-256(subscription, event).</summary>
internal static class DeliveryIds
{
    public static string For(string subscriptionId, string eventId)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(subscriptionId + "\n" + eventId), hash);
        return "msg_" + Convert.ToHexStringLower(hash[..16]);
    }
}
