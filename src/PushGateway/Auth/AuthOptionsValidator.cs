using System.Net;
using System.Text;
using Microsoft.Extensions.Options;

namespace PushGateway.Auth;

/// <summary>Stops startup with a message that names the setting to fix.</summary>
internal sealed class AuthOptionsValidator(IHostEnvironment environment) : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options) =>
        options.UsesAuthority ? ValidateAuthority(options) : ValidateSigningKey(options);

    private ValidateOptionsResult ValidateAuthority(AuthOptions options)
    {
        if (!Uri.TryCreate(options.Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http"))
        {
            return ValidateOptionsResult.Fail("Auth:Authority must be an absolute http(s) URL: the OpenID Connect issuer, e.g. https://login.example.com/tenant/v2.0.");
        }

        if (authority.Scheme == "http" && options.RequireHttpsMetadata)
        {
            return ValidateOptionsResult.Fail(
                $"Auth:Authority '{authority}' is not HTTPS. Use the provider's https:// issuer URL, or for a local development provider set Auth:RequireHttpsMetadata=false.");
        }

        if (!options.RequireHttpsMetadata && !IsLoopback(authority) && !environment.IsDevelopment())
        {
            return ValidateOptionsResult.Fail(
                $"Auth:RequireHttpsMetadata=false is allowed only for a provider on a loopback address (or in Development); '{authority.Host}' is not one.");
        }

        return ValidateOptionsResult.Success;
    }

    private static ValidateOptionsResult ValidateSigningKey(AuthOptions options)
    {
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

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.DnsSafeHost, out var address) && IPAddress.IsLoopback(address));
}
