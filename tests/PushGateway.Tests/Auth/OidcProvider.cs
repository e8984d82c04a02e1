using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace PushGateway.Tests.Auth;

/// <summary>
/// A real OpenID Connect server (OpenIddict) on Kestrel at a loopback port, issuing client-credentials access tokens
/// signed with an RS256 key (<see cref="RsaKeyId"/>) or an ES256 key (<see cref="EcKeyId"/>). Each token request is
/// made over HTTP by a freshly registered client whose claims the test chooses. Keys can be added, chosen and removed
/// while it runs, as a provider rotating its keys would.
/// </summary>
internal sealed class OidcProvider : IAsyncDisposable
{
    public const string RsaKeyId = "rsa-1";
    public const string EcKeyId = "ec-1";
    private const string ClientSecret = "client-secret-for-tests";

    private readonly WebApplication _app;
    private readonly HttpClient _http;
    private readonly ConcurrentDictionary<string, Client> _clients = new();
    private readonly ConcurrentDictionary<string, SigningCredentials> _keys = new();
    private readonly Lock _jwksLock = new();
    private int _jwksRequests;
    private TaskCompletionSource _jwksServed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private OidcProvider(WebApplication app, Uri issuer)
    {
        _app = app;
        Issuer = issuer;
        _http = new HttpClient { BaseAddress = issuer };
    }

    /// <summary>The issuer URL, as published in the discovery document (with a trailing slash).</summary>
    public Uri Issuer { get; }

    /// <summary>How many times the JWKS document has been served.</summary>
    public int JwksRequests => Volatile.Read(ref _jwksRequests);

    private List<SigningCredentials> SigningCredentials =>
        _app.Services.GetRequiredService<IOptionsMonitor<OpenIddictServerOptions>>().CurrentValue.SigningCredentials;

    public static async Task<OidcProvider> StartAsync()
    {
        var rsa = new SigningCredentials(new RsaSecurityKey(RSA.Create(2048)) { KeyId = RsaKeyId }, SecurityAlgorithms.RsaSha256);
        var ec = new SigningCredentials(new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = EcKeyId }, SecurityAlgorithms.EcdsaSha256);
        OidcProvider? provider = null;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
        builder.Services.AddOpenIddict().AddServer(options =>
        {
            options.SetTokenEndpointUris("connect/token");
            options.AllowClientCredentialsFlow();
            // No OpenIddict stores: clients are checked by the handlers below.
            options.EnableDegradedMode();
            options.DisableAccessTokenEncryption();
            options.AddEphemeralEncryptionKey();
            options.AddSigningCredentials(rsa);
            options.AddSigningCredentials(ec);
            options.UseAspNetCore().DisableTransportSecurityRequirement();
            options.AddEventHandler<OpenIddictServerEvents.ValidateTokenRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                if (context.ClientId is null || !provider!._clients.ContainsKey(context.ClientId) || context.Request.ClientSecret != ClientSecret)
                {
                    context.Reject(Errors.InvalidClient, "Unknown client or wrong secret.");
                }

                return default;
            }));
            options.AddEventHandler<OpenIddictServerEvents.HandleTokenRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                var client = provider!._clients[context.Request.ClientId!];
                var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
                identity.SetClaim(Claims.Subject, context.Request.ClientId);
                identity.SetAudiences(client.Audience);
                client.Claims(identity);
                identity.SetDestinations(static _ => [Destinations.AccessToken]);
                context.SignIn(new ClaimsPrincipal(identity));
                return default;
            }));
        });

        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            await next();
            if (context.Request.Path.StartsWithSegments("/.well-known/jwks", StringComparison.Ordinal))
            {
                provider!.JwksServed();
            }
        });
        app.UseAuthentication();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        provider = new OidcProvider(app, new Uri(address.TrimEnd('/') + "/"));
        provider._keys[RsaKeyId] = rsa;
        provider._keys[EcKeyId] = ec;
        return provider;
    }

    /// <summary>Gets an access token by the client-credentials grant, for a new client with the claims <paramref name="claims"/> adds.</summary>
    public async Task<string> GetTokenAsync(Action<ClaimsIdentity>? claims = null, string audience = GatewayFactory.Audience)
    {
        var clientId = "client-" + Guid.NewGuid().ToString("N")[..12];
        _clients[clientId] = new Client(claims ?? (_ => { }), audience);
        using var response = await _http.PostAsync(new Uri("connect/token", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = GrantTypes.ClientCredentials,
            ["client_id"] = clientId,
            ["client_secret"] = ClientSecret,
        }));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body.GetProperty("access_token").GetString()!;
    }

    /// <summary>Makes the provider sign new tokens with the key <paramref name="keyId"/> (it stays published with the others).</summary>
    public void SignWith(string keyId)
    {
        SigningCredentials.RemoveAll(c => c.Key.KeyId == keyId);
        SigningCredentials.Insert(0, _keys[keyId]);
    }

    /// <summary>Adds a new RS256 key, publishes it and signs new tokens with it; returns its key id.</summary>
    public string RotateToNewRsaKey()
    {
        var keyId = "rsa-" + Guid.NewGuid().ToString("N")[..8];
        _keys[keyId] = new SigningCredentials(new RsaSecurityKey(RSA.Create(2048)) { KeyId = keyId }, SecurityAlgorithms.RsaSha256);
        SigningCredentials.Insert(0, _keys[keyId]);
        return keyId;
    }

    /// <summary>Stops publishing the key <paramref name="keyId"/>.</summary>
    public void Unpublish(string keyId) => SigningCredentials.RemoveAll(c => c.Key.KeyId == keyId);

    /// <summary>Completes when the JWKS document has been served more than <paramref name="count"/> times.</summary>
    public Task JwksServedAfterAsync(int count)
    {
        lock (_jwksLock)
        {
            return JwksRequests > count ? Task.CompletedTask : _jwksServed.Task;
        }
    }

    /// <summary>
    /// A token signed by this provider's key <paramref name="keyId"/> (or by <paramref name="key"/>), with the given payload: for
    /// the shapes a provider would never issue on request (expired, another issuer).
    /// </summary>
    public string Forge(IDictionary<string, object> claims, string keyId = RsaKeyId, SigningCredentials? key = null, DateTimeOffset? expires = null, string? issuer = null)
    {
        var now = DateTimeOffset.UtcNow;
        var expiry = expires ?? now.AddMinutes(10);
        var notBefore = expiry < now ? expiry.AddMinutes(-10) : now;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Issuer.AbsoluteUri,
            Audience = GatewayFactory.Audience,
            Claims = new Dictionary<string, object>(claims) { ["sub"] = "forged-client" },
            IssuedAt = notBefore.UtcDateTime,
            NotBefore = notBefore.UtcDateTime,
            Expires = expiry.UtcDateTime,
            SigningCredentials = key ?? _keys[keyId],
        });
    }

    /// <summary>The RSA public key as PEM text: what an attacker would use as an HMAC secret in a key-confusion attack.</summary>
    public string RsaPublicKeyPem() => ((RsaSecurityKey)_keys[RsaKeyId].Key).Rsa.ExportSubjectPublicKeyInfoPem();

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private void JwksServed()
    {
        TaskCompletionSource served;
        lock (_jwksLock)
        {
            Interlocked.Increment(ref _jwksRequests);
            served = _jwksServed;
            _jwksServed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        served.TrySetResult();
    }

    private sealed record Client(Action<ClaimsIdentity> Claims, string Audience);
}
