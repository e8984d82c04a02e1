using System.Net;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using PushGateway.Testing;

namespace PushGateway.Tests.OpenApi;

[Collection(GatewayCollection.Name)]
public sealed class SwaggerTests(MongoTarget mongo) : IAsyncLifetime
{
    private readonly GatewayFactory _factory = new(mongo);

    [Fact]
    public async Task SwaggerJson_IsValidOpenApiWithBearerScheme()
    {
        using var client = _factory.CreateClient();

        await using var stream = await client.GetStreamAsync(new Uri("/swagger/v1/swagger.json", UriKind.Relative));
        var result = await OpenApiDocument.LoadAsync(stream, "json");

        Assert.NotNull(result.Document);
        Assert.Empty(result.Diagnostic?.Errors ?? []);
        Assert.Empty(result.Document.Validate(ValidationRuleSet.GetDefaultRuleSet()) ?? []);
        Assert.NotNull(result.Document.Components?.SecuritySchemes);
        Assert.True(result.Document.Components.SecuritySchemes.ContainsKey("Bearer"));
        Assert.Contains("/api/auth/me", result.Document.Paths.Keys);
    }

    [Fact]
    public async Task SwaggerUi_IsServed()
    {
        using var client = _factory.CreateClient();

        var response = await client.GetAsync(new Uri("/swagger/index.html", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("swagger-ui", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();
}
