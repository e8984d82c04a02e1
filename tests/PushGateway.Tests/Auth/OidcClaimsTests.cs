using System.Net;
using System.Security.Claims;
using System.Text.Json;
using OpenIddict.Abstractions;
using PushGateway.Testing;

namespace PushGateway.Tests.Auth;

/// <summary>Tenant and admin claims as real providers send them, issued by a real OpenID Connect server.</summary>
[Collection(GatewayCollection.Name)]
public sealed class OidcClaimsTests(MongoTarget mongo)
{
    private const string Admin = "pushgateway.admin";

    [Fact]
    public async Task Me_NamespacedTenantClaim_Auth0Style_ReadsTenant()
    {
        const string claim = "https://example.com/tenant_id";
        await using var gateway = await OidcGateway.StartAsync(mongo, new Dictionary<string, string?> { ["Auth:TenantClaim"] = claim });
        var token = await gateway.Provider.GetTokenAsync(identity => identity.SetClaim(claim, "acme"));

        var caller = await gateway.CallerAsync(token);

        Assert.Equal("acme", caller.GetProperty("tenantId").GetString());
    }

    public static TheoryData<string> AdminShapes => new() { "scope-string", "scp-string", "scp-array", "roles-array" };

    [Theory]
    [MemberData(nameof(AdminShapes))]
    public async Task Me_AdminScopeInProviderShape_IsAdmin(string shape)
    {
        await using var gateway = await OidcGateway.StartAsync(mongo, new Dictionary<string, string?> { ["Auth:RolesClaim"] = "roles" });
        var token = await gateway.Provider.GetTokenAsync(identity =>
        {
            identity.SetClaim("tenant_id", "ops");
            switch (shape)
            {
                case "scope-string":
                    identity.SetScopes("read", Admin); // OpenIddict writes "scope": "read pushgateway.admin"
                    break;
                case "scp-string":
                    identity.SetClaim("scp", $"read {Admin}");
                    break;
                case "scp-array":
                    identity.SetClaims("scp", ["read", Admin]);
                    break;
                case "roles-array":
                    identity.SetClaims("roles", ["viewer", Admin]);
                    break;
            }
        });

        var caller = await gateway.CallerAsync(token);

        Assert.True(caller.GetProperty("isAdmin").GetBoolean(), $"{shape}: {caller}");
    }

    [Fact]
    public async Task Me_AdminRoleWithoutRolesClaimConfigured_IsNotAdmin()
    {
        await using var gateway = await OidcGateway.StartAsync(mongo);
        var token = await gateway.Provider.GetTokenAsync(identity =>
        {
            identity.SetClaim("tenant_id", "ops");
            identity.SetClaims("roles", [Admin]);
        });

        var caller = await gateway.CallerAsync(token);

        Assert.False(caller.GetProperty("isAdmin").GetBoolean());
    }

    [Fact]
    public async Task Me_TenantClaimArrayFromProvider_403SaysArray()
    {
        await using var gateway = await OidcGateway.StartAsync(mongo);
        var token = await gateway.Provider.GetTokenAsync(identity =>
            identity.SetClaims("tenant_id", ["acme", "globex"]));

        using var response = await gateway.MeAsync(token);

        await TenantClaimTests.AssertForbiddenAsync(response, "'tenant_id' claim is an array");
    }

    [Fact]
    public async Task Me_TenantClaimObjectFromProvider_403SaysObject()
    {
        await using var gateway = await OidcGateway.StartAsync(mongo);
        var token = await gateway.Provider.GetTokenAsync(identity =>
            identity.SetClaim("tenant_id", JsonSerializer.SerializeToElement(new { id = "acme" })));

        using var response = await gateway.MeAsync(token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await TenantClaimTests.AssertForbiddenAsync(response, "'tenant_id' claim is a JSON object");
    }
}
