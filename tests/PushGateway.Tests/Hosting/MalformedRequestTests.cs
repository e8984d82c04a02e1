using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using PushGateway.Testing;
using PushGateway.Tests.Webhooks;

namespace PushGateway.Tests.Hosting;

/// <summary>
/// A request the framework cannot bind gets a ProblemDetails naming the field (JSON path or query parameter) and, for
/// JSON, the line and column, with the same status in Development and Production.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class MalformedRequestTests : IAsyncLifetime
{
    private readonly GatewayFactory _factory;
    private readonly string _watched;

    public MalformedRequestTests(MongoTarget mongo) => _factory = WebhookTestHost.Create(mongo, out _watched);

    public static TheoryData<string, string, string, string?> Cases => new()
    {
        // method+path, body, field expected in errors, message fragment
        { "POST /api/webhooks", """{"url": 5}""", "url", "Expected a string. (line 1, column" },
        { "POST /api/webhooks", """{"url":"https://example.com/h","collections":"x"}""", "collections", "Expected an array of strings" },
        { "POST /api/webhooks", """{"collections":["a",5]}""", "collections[1]", "Expected a string" },
        { "POST /api/webhooks", """{"ordered":"yes"}""", "ordered", "Expected true or false" },
        { "POST /api/webhooks", """{"headers":{"a":5}}""", "headers.a", "Expected a string" },
        { "POST /api/webhooks", """{"url":"\ud800"}""", "url", "unpaired UTF-16 surrogate" },
        { "POST /api/webhooks", "{\n  \"url\": \"https://example.com/h\",\n  \"collections\": [\"a\"", "collections[1]", "(line 3, column" },
        { "POST /api/webhooks", "", "", "A JSON body is required." },
        { "POST /api/filters/validate", "{\"filter\":" + new string('[', 300) + new string(']', 300) + "}", "filter", "nested deeper than 256 levels" },
        { "GET /api/webhooks?limit=abc", "", "limit", "'abc' is not a whole number." },
        { "POST /api/webhooks/x/recover", """{"since":"yesterday"}""", "since", "ISO 8601" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Request_Malformed_400NamingTheFieldInDevelopmentAndProduction(string route, string body, string field, string? message)
    {
        foreach (var environment in new[] { "Development", "Production" })
        {
            await using var factory = _factory.WithWebHostBuilder(b => b.UseEnvironment(environment));
            using var client = factory.CreateClient();
            client.DefaultRequestHeaders.Authorization = new("Bearer", _factory.Tokens.Create("tenant-a"));

            using var response = await client.SendAsync(Request(route, body));

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            var errors = problem.GetProperty("errors");
            Assert.True(errors.TryGetProperty(field, out var fieldErrors), $"{environment}: {problem}");
            Assert.Contains(message!, fieldErrors[0].GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Post_BodyOverTheLimit_413()
    {
        using var client = _factory.CreateClientFor("tenant-a");

        using var response = await client.SendAsync(Request("POST /api/webhooks", "{\"description\":\"" + new string('a', 2 * 1024 * 1024) + "\"}"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("larger than 1048576 bytes", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_NotJsonContentType_415SayingWhatToSend()
    {
        using var client = _factory.CreateClientFor("tenant-a");

        using var response = await client.PostAsync(new Uri("/api/webhooks", UriKind.Relative), new StringContent("url=x", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("application/json", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateFilter_FilterObjectNestedNinetyDeep_ReachesTheQueryEngine()
    {
        using var client = _factory.CreateClientFor("tenant-a");
        var filter = string.Concat(Enumerable.Repeat("{\"$and\":[", 90)) + "{\"a\":1}" + string.Concat(Enumerable.Repeat("]}", 90));

        using var response = await client.SendAsync(Request("POST /api/filters/validate", $"{{\"filter\":{filter}}}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("valid").GetBoolean());
    }

    private static HttpRequestMessage Request(string route, string body)
    {
        var space = route.IndexOf(' ', StringComparison.Ordinal);
        var request = new HttpRequestMessage(new HttpMethod(route[..space]), route[(space + 1)..]);
        if (body.Length > 0 || request.Method != HttpMethod.Get)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        return request;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();
}
