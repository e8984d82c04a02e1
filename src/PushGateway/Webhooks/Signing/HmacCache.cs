using System.Security.Cryptography;

namespace PushGateway.Webhooks.Signing;

/// <summary>
/// HMAC-SHA256 states kept per thread and key (by reference: the keys come from <c>SecretProtector</c>'s cache), so a
/// signature reuses the key's prepared state instead of setting it up again: about half the CPU of a one-shot HMAC.
/// A hash runs synchronously on one thread, so a thread's states are never shared.
/// </summary>
internal static class HmacCache
{
    /// <summary>Keys held per thread at most; beyond that the thread's states are dropped and built again on use.</summary>
    private const int MaxKeysPerThread = 64;

    [ThreadStatic]
    private static Dictionary<byte[], IncrementalHash>? t_states;

    /// <summary>HMAC-SHA256 of <paramref name="first"/> followed by <paramref name="second"/> under <paramref name="key"/>.</summary>
    public static void Hash(byte[] key, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, Span<byte> destination)
    {
        var states = t_states ??= new Dictionary<byte[], IncrementalHash>(ReferenceEqualityComparer.Instance);
        if (!states.TryGetValue(key, out var hmac))
        {
            if (states.Count >= MaxKeysPerThread)
            {
                foreach (var state in states.Values)
                {
                    state.Dispose();
                }

                states.Clear();
            }

            hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
            states[key] = hmac;
        }

        hmac.AppendData(first);
        hmac.AppendData(second);
        hmac.GetHashAndReset(destination);
    }
}
