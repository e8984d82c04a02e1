using System.Net;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using PushGateway.Testing;

namespace PushGateway.Tests.Auth;

/// <summary>OIDC mode on REST against a real OpenID Connect server: signatures, refusals with reasons, key rotation.</summary>
[Collection(GatewayCollection.Name)]
public sealed class OidcAuthTests(MongoTarget mongo)
{
    private static Action<ClaimsIdentity> Tenant(string tenant) => identity => identity.SetClaim("tenant_id", tenant);

    [Fact]
    public async Task Me_Rs256TokenFromProvider_ReturnsTenant()
    {
        await using var gateway = await OidcGateway.StartAsync(mongo);
        gateway.Provider.SignWith(OidcProvider.RsaKeyId);
        var token = await gateway.Provider.GetTokenAsync(Tenant("acme"));

        var caller = await gateway.CallerAsync(token);

        Assert.Equal("RS256", new JsonWebToken(token).Alg);
        Assert.Equal("acme", caller.GetProperty("tenantId").GetString());
    }

    [Fact]
    public async Task Me_Es256TokenFromProvider_ReturnsTenant()
    {
        await using var gateway = await OidcGateway.StartAsync(mongo);
        gateway.Provider.SignWith(OidcProvider.EcKeyId);
        var token = await gateway.Provider.GetTokenAsync(Tenant("globex"));

        var caller = await gateway.CallerAsync(token);

        Assert.Equal("ES256", new JsonWebToken(token).Alg);
        Assert.Equal("globex", caller.GetProperty("tenantId").GetString());
    }

    [Fact]
    public async Task Me_HmacTokenSignedWithSharedKey_401InOidcMode()
    {
        await using var gateway = await OidcGateway.StartAsync(mongo);

        using var response = await gateway.MeAsync(gateway.Factory.Tokens.Create("acme"));

        AssertRefused(response, "signing algorithm 'HS256' is not accepted");
    }

    [Fact]
    public async Task Me_WrongAudience_401SaysAudience()
    {
        await using var gateway = await OidcGateway.StartAsync(mongo);
        var token = await gateway.Provider.GetTokenAsync(Tenant("acme"), audience: "another-api");

        using var response = await gateway.MeAsync(token);

        AssertRefused(response, $"audience (aud) is not '{GatewayFactory.Audience}'");
    }

    [Fact]
    public async Task Me_WrongIssuer_401SaysIssuer()
    {
        await using var gateway = await OidcGateway.StartAsync(mongo);
        await gateway.CallerAsync(await gateway.Provider.GetTokenAsync(Tenant("acme")));
        var token = gateway.Provider.Forge(new Dictionary<string, object> { ["tenant_id"] = "acme" }, issuer: "https://evil.example/");

        using var response = await gateway.MeAsync(token);

        AssertRefused(response, "issuer (iss)");
    }

    [Fact]
    public async Task Me_Expired_401SaysExpired()
    {
        await using var gateway = await OidcGateway.StartAsync(mongo);
        var token = gateway.Provider.Forge(new Dictionary<string, object> { ["tenant_id"] = "acme" }, expires: DateTimeOffset.UtcNow.AddMinutes(-5));

        using var response = await gateway.MeAsync(token);

        AssertRefused(response, "The token expired at");
    }

    [Fact]
    public async Task Me_AlgNone_401SaysNotSigned()
    {
        await using var gateway = await OidcGateway.StartAsync(mongo);
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""");
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var payload = Base64UrlEncoder.Encode(
            $$"""{"iss":"{{gateway.Provider.Issuer.AbsoluteUri}}","aud":"{{GatewayFactory.Audience}}","sub":"mallory","tenant_id":"acme","iat":{{now}},"exp":{{now + 600}}}""");

        using var response = await gateway.MeAsync($"{header}.{payload}.");

        AssertRefused(response, "not signed");
    }

    [Fact]
    public async Task Me_Hs256SignedWithProvidersPublicKey_401KeyConfusionRefused()
    {
        await using var gateway = await OidcGateway.StartAsync(mongo);
        var publicKeyAsSecret = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(gateway.Provider.RsaPublicKeyPem())) { KeyId = OidcProvider.RsaKeyId };
        var token = gateway.Provider.Forge(
            new Dictionary<string, object> { ["tenant_id"] = "acme" }, key: new SigningCredentials(publicKeyAsSecret, SecurityAlgorithms.HmacSha256));

        using var response = await gateway.MeAsync(token);

        AssertRefused(response, "signing algorithm 'HS256' is not accepted");
    }

    [Fact]
    public async Task Me_UnknownKeyId_401SaysUnknownKey()
    {
        await using var gateway = await OidcGateway.StartAsync(mongo);
        var stranger = new SigningCredentials(new RsaSecurityKey(System.Security.Cryptography.RSA.Create(2048)) { KeyId = "stranger" }, SecurityAlgorithms.RsaSha256);
        var token = gateway.Provider.Forge(new Dictionary<string, object> { ["tenant_id"] = "acme" }, key: stranger);

        using var response = await gateway.MeAsync(token);

        AssertRefused(response, "key the gateway does not know (kid 'stranger')");
    }

    [Fact]
    public async Task Me_ProviderRotatesToNewKey_NewTokensValidateAfterOneRefresh()
    {
        await using var gateway = await OidcGateway.StartAsync(mongo);
        await gateway.CallerAsync(await gateway.Provider.GetTokenAsync(Tenant("acme")));
        var fetched = gateway.Provider.JwksRequests;

        gateway.Provider.RotateToNewRsaKey();
        var token = await gateway.Provider.GetTokenAsync(Tenant("acme"));
        using var first = await gateway.MeAsync(token);
        await gateway.Provider.JwksServedAfterAsync(fetched).WaitAsync(TimeSpan.FromSeconds(20));
        using var afterRefresh = await gateway.MeOnceRefreshedAsync(token);

        Assert.Equal(HttpStatusCode.OK, afterRefresh.StatusCode);
    }

    [Fact]
    public async Task Me_SecondUnknownKeyWithinRefreshInterval_NoSecondRefresh()
    {
        await using var gateway = await OidcGateway.StartAsync(mongo);
        await gateway.CallerAsync(await gateway.Provider.GetTokenAsync(Tenant("acme")));
        gateway.Provider.RotateToNewRsaKey();
        using var refreshed = await gateway.MeOnceRefreshedAsync(await gateway.Provider.GetTokenAsync(Tenant("acme")));
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var fetched = gateway.Provider.JwksRequests;

        gateway.Provider.RotateToNewRsaKey();
        var tooSoon = await gateway.Provider.GetTokenAsync(Tenant("acme"));
        using var refused = await gateway.MeAsync(tooSoon);
        using var stillRefused = await gateway.MeAsync(tooSoon);

        AssertRefused(stillRefused, "key the gateway does not know");
        Assert.Equal(fetched, gateway.Provider.JwksRequests);
    }

    [Fact]
    public async Task Me_ProviderRemovesKey_ItsTokensRefusedAfterRefresh()
    {
        await using var gateway = await OidcGateway.StartAsync(mongo);
        gateway.Provider.SignWith(OidcProvider.EcKeyId);
        var oldToken = await gateway.Provider.GetTokenAsync(Tenant("acme"));
        await gateway.CallerAsync(oldToken);

        gateway.Provider.RotateToNewRsaKey();
        gateway.Provider.Unpublish(OidcProvider.EcKeyId);
        using var refreshed = await gateway.MeOnceRefreshedAsync(await gateway.Provider.GetTokenAsync(Tenant("acme")));
        using var old = await gateway.MeAsync(oldToken);

        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        AssertRefused(old, $"kid '{OidcProvider.EcKeyId}'");
    }

    /// <summary>401, an RFC 6750 invalid_token challenge and a ProblemDetails body, both saying <paramref name="reason"/>.</summary>
    internal static void AssertRefused(HttpResponseMessage response, string reason)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Contains("error=\"invalid_token\"", challenge.Parameter, StringComparison.Ordinal);
        Assert.Contains(reason, challenge.Parameter, StringComparison.Ordinal);
        var body = JsonSerializer.Deserialize<JsonElement>(response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
        Assert.Contains(reason, body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
