using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace PushGateway.Webhooks.Secrets;

/// <summary>
/// Creates signing secrets (<c>whsec_</c> + base64 of 32 random bytes), encrypts them for storage with Data Protection
/// and decrypts them for signing. Decrypted keys are cached by their ciphertext, so signing does not decrypt per delivery.
/// </summary>
internal sealed class SecretProtector(IDataProtectionProvider provider)
{
    public const string Prefix = "whsec_";
    private const int KeyBytes = 32;

    private readonly IDataProtector _protector = provider.CreateProtector("PushGateway.Webhooks.SigningSecret.v1");
    private readonly ConcurrentDictionary<string, byte[]> _keys = new(StringComparer.Ordinal);

    /// <summary>A new secret, in the form shown once to the user.</summary>
    public static string NewSecret() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyBytes));

    public string Protect(string secret) => _protector.Protect(secret);

    /// <summary>The HMAC key of a stored secret (the base64-decoded part after <c>whsec_</c>).</summary>
    public byte[] KeyOf(string protectedSecret)
    {
        if (_keys.TryGetValue(protectedSecret, out var key))
        {
            return key;
        }

        key = ToKey(_protector.Unprotect(protectedSecret));
        if (_keys.Count > 100_000)
        {
            _keys.Clear();
        }

        _keys[protectedSecret] = key;
        return key;
    }

    public static byte[] ToKey(string secret) =>
        Convert.FromBase64String(secret.StartsWith(Prefix, StringComparison.Ordinal) ? secret[Prefix.Length..] : secret);
}
