using System.Globalization;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace PushGateway.Auth;

/// <summary>Says in one sentence why a bearer token failed validation; the wording a client and the log both get.</summary>
internal static class TokenRefusal
{
    /// <summary>A readable reason for <paramref name="failure"/>; <paramref name="token"/> is the unvalidated token, when it could be read.</summary>
    public static string Describe(Exception? failure, JsonWebToken? token, string expectedAudience, IEnumerable<string>? validAlgorithms)
    {
        if (token is not null && string.Equals(token.Alg, "none", StringComparison.OrdinalIgnoreCase))
        {
            return "The token is not signed (alg 'none').";
        }

        // Checked before the exception: with a foreign algorithm the handler may report a missing key or a bad signature instead.
        if (token is not null && failure is not (null or SecurityTokenExpiredException) && validAlgorithms is not null && !validAlgorithms.Contains(token.Alg, StringComparer.Ordinal))
        {
            return $"The token's signing algorithm '{Short(token.Alg)}' is not accepted (only {string.Join(", ", validAlgorithms)}).";
        }

        return failure switch
        {
            null => "The token is invalid.",
            SecurityTokenExpiredException expired => $"The token expired at {Iso(expired.Expires)}.",
            SecurityTokenNotYetValidException early => $"The token is not valid before {Iso(early.NotBefore)}.",
            SecurityTokenNoExpirationException => "The token has no expiry (exp).",
            SecurityTokenInvalidLifetimeException => "The token's lifetime (nbf/exp) is invalid.",
            SecurityTokenInvalidAudienceException => $"The token's audience (aud) is not '{expectedAudience}'.",
            SecurityTokenInvalidIssuerException => "The token's issuer (iss) is not the one this gateway trusts.",
            SecurityTokenInvalidAlgorithmException => $"The token's signing algorithm '{Short(token?.Alg)}' is not accepted.",
            SecurityTokenSignatureKeyNotFoundException when string.IsNullOrEmpty(token?.Kid) => "The token's signature is invalid: it matches no key the gateway trusts.",
            SecurityTokenSignatureKeyNotFoundException => $"The token is signed with a key the gateway does not know (kid '{Short(token!.Kid)}').",
            SecurityTokenInvalidSignatureException when token is not null && string.IsNullOrEmpty(token.EncodedSignature) => "The token is not signed.",
            SecurityTokenInvalidSignatureException => "The token's signature is invalid.",
            SecurityTokenMalformedException or ArgumentException => "The token is not a well-formed JWT.",
            SecurityTokenInvalidTypeException => "The token's type (typ) is not accepted.",
            InvalidOperationException or HttpRequestException or IOException => "The gateway could not load its identity provider's signing keys; try again later.",
            _ => "The token is invalid.",
        };
    }

    /// <summary>Whether <paramref name="failure"/> means the provider's metadata was unavailable, not that the token was bad.</summary>
    public static bool IsMetadataFailure(Exception? failure) => failure is InvalidOperationException or HttpRequestException or IOException;

    /// <summary>Header values come from the caller: echo at most a short, recognisable prefix.</summary>
    private static string Short(string? value) => value is null ? "" : value.Length <= 64 ? value : value[..64] + "...";

    private static string Iso(DateTime value) => value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
