using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PushGateway.Testing;

namespace PushGateway.Tests.Filters;

[Collection(GatewayCollection.Name)]
public sealed class FiltersApiTests(MongoTarget mongo) : IAsyncLifetime
{
    private static readonly Uri Validate = new("/api/filters/validate", UriKind.Relative);
    private static readonly object PaidOrder = new { operationType = "insert", fullDocument = new { status = "paid", total = 120 } };
    private readonly GatewayFactory _factory = new(mongo);

    [Fact]
    public async Task Validate_MqlObjectMatchingEvent_ValidAndMatches()
    {
        var body = await PostAsync(null, raw: """{"filter":{"fullDocument.status":"paid"},"event":{"operationType":"insert","fullDocument":{"status":"paid"}}}""");

        Assert.True(body.GetProperty("valid").GetBoolean());
        Assert.True(body.GetProperty("matches").GetBoolean());
        Assert.Equal(0, body.GetProperty("errors").GetArrayLength());
    }

    [Fact]
    public async Task Validate_SqlNotMatchingEvent_ValidAndNoMatch()
    {
        var body = await PostAsync(new { filter = "fullDocument.total > 500", @event = PaidOrder });

        Assert.True(body.GetProperty("valid").GetBoolean(), body.ToString());
        Assert.False(body.GetProperty("matches").GetBoolean());
    }

    [Fact]
    public async Task Validate_SyntaxError_InvalidWithPosition()
    {
        var body = await PostAsync(new { filter = "fullDocument.total > " });

        Assert.False(body.GetProperty("valid").GetBoolean());
        var error = body.GetProperty("errors")[0];
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        Assert.Equal(JsonValueKind.Number, error.GetProperty("column").ValueKind);
        Assert.False(body.TryGetProperty("matches", out var matches) && matches.ValueKind != JsonValueKind.Null);
    }

    [Fact]
    public async Task Validate_UnknownOperator_InvalidWithPath()
    {
        var body = await PostAsync(null, raw: """{"filter":{"a":{"$bogus":1}}}""");

        Assert.False(body.GetProperty("valid").GetBoolean());
        Assert.True(body.GetProperty("errors")[0].GetProperty("code").GetInt32() > 0);
    }

    [Fact]
    public async Task Validate_NoFilter_ValidationProblem()
    {
        using var client = _factory.CreateClientFor("t1");

        var response = await client.PostAsJsonAsync(Validate, new { @event = PaidOrder });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("filter", out _));
    }

    [Fact]
    public async Task Validate_NoToken_Returns401()
    {
        using var client = _factory.CreateClient();

        var response = await client.PostAsJsonAsync(Validate, new { filter = "a = 1" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private async Task<JsonElement> PostAsync(object? request, string? raw = null)
    {
        using var client = _factory.CreateClientFor("t1");
        var response = raw is null
            ? await client.PostAsJsonAsync(Validate, request)
            : await client.PostAsync(Validate, new StringContent(raw, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
