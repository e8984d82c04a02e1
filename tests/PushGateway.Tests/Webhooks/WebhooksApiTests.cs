using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PushGateway.Testing;

namespace PushGateway.Tests.Webhooks;

[Collection(GatewayCollection.Name)]
public sealed class WebhooksApiTests : IAsyncLifetime
{
    private static readonly Uri Webhooks = new("/api/webhooks", UriKind.Relative);
    private readonly GatewayFactory _factory;
    private readonly string _watched;

    public WebhooksApiTests(MongoTarget mongo) => _factory = WebhookTestHost.Create(mongo, out _watched);

    [Fact]
    public async Task Create_ValidRequest_Returns201WithLocationAndSecret()
    {
        using var client = _factory.CreateClientFor("tenant-a");

        var response = await client.PostAsJsonAsync(Webhooks, new { url = "https://example.com/hook", collections = new[] { _watched }, filter = new { status = "paid" } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetString()!;
        Assert.Equal($"/api/webhooks/{id}", response.Headers.Location?.ToString());
        Assert.StartsWith("whsec_", body.GetProperty("secret").GetString(), StringComparison.Ordinal);
        Assert.Equal("tenant-a", body.GetProperty("tenantId").GetString());

        var fetched = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/webhooks/{id}", UriKind.Relative));
        Assert.False(fetched.TryGetProperty("secret", out _));
        Assert.Equal("https://example.com/hook", fetched.GetProperty("url").GetString());
    }

    public static TheoryData<string, string> InvalidRequests => new()
    {
        { """{"url":"ftp://example.com/x","collections":["{W}"]}""", "url" },
        { """{"url":"http://example.com/x","collections":["{W}"]}""", "url" },
        { """{"url":"https://10.0.0.1/x","collections":["{W}"]}""", "url" },
        { """{"url":"https://169.254.169.254/latest/meta-data","collections":["{W}"]}""", "url" },
        { """{"url":"https://[::ffff:10.0.0.1]/x","collections":["{W}"]}""", "url" },
        { """{"url":"https://localhost/x","collections":["{W}"]}""", "url" },
        { """{"url":"https://example.com/x","collections":["other.unwatched"]}""", "collections[0]" },
        { """{"url":"https://example.com/x","collections":[]}""", "collections" },
        { """{"url":"https://example.com/x","collections":["{W}"],"filter":"status = = 'paid'"}""", "filter" },
        { """{"url":"https://example.com/x","collections":["{W}"],"filter":{"a":{"$bogus":1}}}""", "filter" },
        { """{"url":"https://example.com/x","collections":["{W}"],"colour":"blue"}""", "colour" },
        { """{"url":"https://example.com/x","collections":["{W}"],"operationTypes":["upsert"]}""", "operationTypes[0]" },
        { """{"url":"https://example.com/x","collections":["{W}"],"headers":{"webhook-id":"x"}}""", "headers.webhook-id" },
        { """{"url":"https://example.com/x","collections":["{W}"],"maxPerSecond":0}""", "maxPerSecond" },
        { """{"url":"https://example.com/x","collections":["{W}"],"tenantId":"someone-else"}""", "tenantId" },
        { """{"url":"https://example.com/x","collections":["{W}"],"description":"{LONG}"}""", "description" },
    };

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public async Task Create_InvalidField_ValidationProblemForThatFieldAndNothingStored(string json, string field)
    {
        using var client = _factory.CreateClientFor($"tenant-{Guid.NewGuid():N}");
        var content = new StringContent(json.Replace("{W}", _watched, StringComparison.Ordinal).Replace("{LONG}", new string('x', 501), StringComparison.Ordinal), System.Text.Encoding.UTF8, "application/json");

        var response = await client.PostAsync(Webhooks, content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        var list = await client.GetFromJsonAsync<JsonElement>(Webhooks);
        Assert.Equal(0, list.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Create_FilterSyntaxError_ReportsPosition()
    {
        using var client = _factory.CreateClientFor("tenant-a");

        var response = await client.PostAsJsonAsync(Webhooks, new { url = "https://example.com/x", collections = new[] { _watched }, filter = "{\"status\": \"paid\"," });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var error = problem.GetProperty("filterError");
        Assert.True(error.GetProperty("line").ValueKind == JsonValueKind.Number || error.GetProperty("path").ValueKind == JsonValueKind.String, problem.ToString());
    }

    [Fact]
    public async Task Create_SeveralBadFields_ReportsEach()
    {
        using var client = _factory.CreateClientFor("tenant-a");

        var response = await client.PostAsJsonAsync(Webhooks, new { url = "nope", collections = new[] { "x.y" }, extra = 1 });

        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("url", out _));
        Assert.True(errors.TryGetProperty("collections[0]", out _));
        Assert.True(errors.TryGetProperty("extra", out _));
    }

    [Fact]
    public async Task OtherTenant_EveryEndpoint_Returns404()
    {
        using var owner = _factory.CreateClientFor("tenant-owner");
        using var other = _factory.CreateClientFor("tenant-other");
        var (id, _) = await owner.SubscribeAsync(new { url = "https://example.com/x", collections = new[] { _watched } });

        var responses = new[]
        {
            await other.GetAsync(new Uri($"/api/webhooks/{id}", UriKind.Relative)),
            await other.PutAsJsonAsync(new Uri($"/api/webhooks/{id}", UriKind.Relative), new { url = "https://example.com/y", collections = new[] { _watched } }),
            await other.PatchAsJsonAsync(new Uri($"/api/webhooks/{id}", UriKind.Relative), new { description = "mine now" }),
            await other.PostAsync(new Uri($"/api/webhooks/{id}/test", UriKind.Relative), null),
            await other.PostAsync(new Uri($"/api/webhooks/{id}/rotate-secret", UriKind.Relative), null),
            await other.GetAsync(new Uri($"/api/webhooks/{id}/deliveries", UriKind.Relative)),
            await other.PostAsync(new Uri($"/api/webhooks/{id}/deliveries/msg_x/retry", UriKind.Relative), null),
            await other.PostAsJsonAsync(new Uri($"/api/webhooks/{id}/recover", UriKind.Relative), new { since = DateTimeOffset.UtcNow }),
            await other.PostAsync(new Uri($"/api/webhooks/{id}/disable", UriKind.Relative), null),
            await other.DeleteAsync(new Uri($"/api/webhooks/{id}", UriKind.Relative)),
        };

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        var list = await other.GetFromJsonAsync<JsonElement>(Webhooks);
        Assert.Equal(0, list.GetProperty("items").GetArrayLength());
        var still = await owner.GetFromJsonAsync<JsonElement>(new Uri($"/api/webhooks/{id}", UriKind.Relative));
        Assert.Equal("https://example.com/x", still.GetProperty("url").GetString());
    }

    [Fact]
    public async Task Admin_CreatesForAnotherTenant_OwnerSeesIt()
    {
        using var admin = _factory.CreateClientFor("ops", admin: true);
        using var owner = _factory.CreateClientFor("tenant-b");

        var (id, _) = await admin.SubscribeAsync(new { url = "https://example.com/x", collections = new[] { _watched }, tenantId = "tenant-b" });

        var fetched = await owner.GetFromJsonAsync<JsonElement>(new Uri($"/api/webhooks/{id}", UriKind.Relative));
        Assert.Equal("tenant-b", fetched.GetProperty("tenantId").GetString());
    }

    [Fact]
    public async Task List_Paged_ReturnsAllOnceInOrder()
    {
        using var client = _factory.CreateClientFor("tenant-pages");
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await client.SubscribeAsync(new { url = $"https://example.com/{i}", collections = new[] { _watched } })).Id);
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/webhooks?limit=2{(cursor is null ? "" : "&cursor=" + cursor)}", UriKind.Relative));
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!));
            cursor = page.GetProperty("next").GetString();
        }
        while (cursor is not null);

        Assert.Equal(ids, seen);
    }

    [Theory]
    [InlineData("/api/webhooks?after=wh_6745f0c2a1b2c3d4e5f60718", "after")]
    [InlineData("/api/webhooks?limit=2&page=3", "page")]
    [InlineData("/api/webhooks/wh_6745f0c2a1b2c3d4e5f60718/deliveries?after=x", "after")]
    [InlineData("/api/webhooks/wh_6745f0c2a1b2c3d4e5f60718?verbose=1", "verbose")]
    public async Task Request_UnknownQueryParameter_400NamingIt(string path, string parameter)
    {
        using var client = _factory.CreateClientFor("tenant-query");

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _));
    }

    [Fact]
    public async Task List_CursorNotFromThisApi_400()
    {
        using var client = _factory.CreateClientFor("tenant-query");

        using var response = await client.GetAsync(new Uri("/api/webhooks?cursor=page-2", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("cursor", out _));
    }

    [Fact]
    public async Task PatchAndPut_ChangeOnlyWhatWasSent()
    {
        using var client = _factory.CreateClientFor("tenant-a");
        var (id, _) = await client.SubscribeAsync(new { url = "https://example.com/x", collections = new[] { _watched }, description = "first", filter = "{\"a\": 1}" });
        var uri = new Uri($"/api/webhooks/{id}", UriKind.Relative);

        var patched = await (await client.PatchAsJsonAsync(uri, new { description = "second" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("second", patched.GetProperty("description").GetString());
        Assert.Equal("{\"a\": 1}", patched.GetProperty("filter").GetString());

        var bad = await client.PatchAsJsonAsync(uri, new { url = "https://10.1.1.1/" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        var replaced = await (await client.PutAsJsonAsync(uri, new { url = "https://example.com/y", collections = new[] { _watched } })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("https://example.com/y", replaced.GetProperty("url").GetString());
        Assert.Equal(JsonValueKind.Null, replaced.GetProperty("filter").ValueKind);
        Assert.Equal(JsonValueKind.Null, replaced.GetProperty("description").ValueKind);
    }

    [Fact]
    public async Task Delete_Existing_Then404()
    {
        using var client = _factory.CreateClientFor("tenant-a");
        var (id, _) = await client.SubscribeAsync(new { url = "https://example.com/x", collections = new[] { _watched } });
        var uri = new Uri($"/api/webhooks/{id}", UriKind.Relative);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(uri)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(uri)).StatusCode);
    }

    [Fact]
    public async Task Create_NoToken_Returns401()
    {
        using var client = _factory.CreateClient();

        var response = await client.PostAsJsonAsync(Webhooks, new { url = "https://example.com/x", collections = new[] { _watched } });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();
}
