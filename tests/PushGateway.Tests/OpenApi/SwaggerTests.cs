using System.Net;
using System.Text.Json;
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
    public async Task SwaggerJson_AuthorizedOperations_DeclareBearerAnd401And403AnonymousOnesDoNot()
    {
        using var client = _factory.CreateClient();

        using var json = JsonDocument.Parse(await client.GetStringAsync(new Uri("/swagger/v1/swagger.json", UriKind.Relative)));

        var paths = json.RootElement.GetProperty("paths");
        var list = paths.GetProperty("/api/webhooks").GetProperty("get");
        Assert.True(list.GetProperty("security").GetArrayLength() > 0);
        Assert.True(list.GetProperty("responses").TryGetProperty("401", out _));
        Assert.True(list.GetProperty("responses").TryGetProperty("403", out _));
        Assert.False(json.RootElement.TryGetProperty("security", out _));
        if (paths.TryGetProperty("/api/dev/token", out var devToken))
        {
            Assert.False(devToken.GetProperty("post").TryGetProperty("security", out _));
        }
    }

    [Fact]
    public async Task SwaggerJson_Schemas_HaveDescriptionsAndRequiredFields()
    {
        using var client = _factory.CreateClient();

        using var json = JsonDocument.Parse(await client.GetStringAsync(new Uri("/swagger/v1/swagger.json", UriKind.Relative)));

        var schemas = json.RootElement.GetProperty("components").GetProperty("schemas");
        var request = schemas.GetProperty("WebhookRequest");
        Assert.Equal(["collections", "url"], request.GetProperty("required").EnumerateArray().Select(e => e.GetString()).Order(StringComparer.Ordinal));
        Assert.Contains("absolute", request.GetProperty("properties").GetProperty("url").GetProperty("description").GetString(), StringComparison.Ordinal);
        var delivery = schemas.GetProperty("DeliveryResponse");
        Assert.Contains("type", delivery.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("db.coll.operationType", delivery.GetProperty("properties").GetProperty("type").GetProperty("description").GetString(), StringComparison.Ordinal);
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
