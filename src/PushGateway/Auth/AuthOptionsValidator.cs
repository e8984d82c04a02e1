using System.Text;
using Microsoft.Extensions.Options;

namespace PushGateway.Auth;

/// <summary>Stops startup with a message that names the setting to fix.</summary>
internal sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.Authority))
        {
            return Uri.TryCreate(options.Authority, UriKind.Absolute, out _)
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail("Auth:Authority must be an absolute URL (the OIDC issuer).");
        }

        if (string.IsNullOrEmpty(options.SigningKey))
        {
            return ValidateOptionsResult.Fail(
                "Auth:SigningKey is not set. Set Auth:SigningKey (environment variable Auth__SigningKey) to a random secret of at least "
                + $"{AuthOptions.MinimumSigningKeyBytes} bytes, or set Auth:Authority to use an OpenID Connect provider.");
        }

        if (Encoding.UTF8.GetByteCount(options.SigningKey) < AuthOptions.MinimumSigningKeyBytes)
        {
            return ValidateOptionsResult.Fail(
                $"Auth:SigningKey is too short: HS256 needs at least {AuthOptions.MinimumSigningKeyBytes} bytes. "
                + "Set Auth:SigningKey (environment variable Auth__SigningKey) to a longer random secret.");
        }

        return string.IsNullOrWhiteSpace(options.Issuer)
            ? ValidateOptionsResult.Fail("Auth:Issuer must be set when Auth:SigningKey is used.")
            : ValidateOptionsResult.Success;
    }
}
