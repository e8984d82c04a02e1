using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using PushGateway.Testing;
using PushGateway.Tests.Webhooks;

namespace PushGateway.Tests.Fuzz;

/// <summary>
/// Property: for random and hostile input (random JSON shapes, wrong types, unknown fields, deep nesting, lone surrogates,
/// huge values, broken syntax, bad query values) every REST endpoint answers below 500, and a request that fails stores
/// nothing. Runs in Production, where a 5xx would have been silent before. <c>PUSHGATEWAY_FUZZ_COUNT</c> sets the
/// number of cases per endpoint (default 150).
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class RestFuzzTests : IAsyncLifetime
{
    private static readonly int Count = int.TryParse(Environment.GetEnvironmentVariable("PUSHGATEWAY_FUZZ_COUNT"), out var n) ? n : 150;

    private readonly GatewayFactory _root;
    private readonly WebApplicationFactory<Program> _factory;
    private readonly string _watched;
    private HttpClient _client = null!;
    private string _id = null!;

    public RestFuzzTests(MongoTarget mongo)
    {
        _root = WebhookTestHost.Create(mongo, out _watched);
        _factory = _root.WithWebHostBuilder(b => b.UseEnvironment("Production"));
    }

    [Fact]
    public Task CreateWebhook_RandomBodies_Never5xxAndNothingStoredOnFailure() =>
        CheckAsync(FuzzJson.Body, body => Json(HttpMethod.Post, "/api/webhooks", body));

    [Fact]
    public Task CreateWebhook_RandomFieldValuesInAValidRequest_Never5xxAndNothingStoredOnFailure() =>
        CheckAsync(ValidRequestWithOneRandomField(), body => Json(HttpMethod.Post, "/api/webhooks", body));

    [Fact]
    public Task ReplaceWebhook_RandomBodies_Never5xxAndNothingChangedOnFailure() =>
        CheckAsync(Gen.OneOf(FuzzJson.Body, ValidRequestWithOneRandomField()), body => Json(HttpMethod.Put, $"/api/webhooks/{_id}", body));

    [Fact]
    public Task PatchWebhook_RandomBodies_Never5xxAndNothingChangedOnFailure() =>
        CheckAsync(Gen.OneOf(FuzzJson.Body, ValidRequestWithOneRandomField()), body => Json(HttpMethod.Patch, $"/api/webhooks/{_id}", body));

    [Fact]
    public Task ValidateFilter_RandomBodies_Never5xx() =>
        CheckAsync(FuzzJson.Body, body => Json(HttpMethod.Post, "/api/filters/validate", body));

    [Fact]
    public Task RotateSecret_RandomBodies_Never5xx() =>
        CheckAsync(FuzzJson.Body, body => Json(HttpMethod.Post, $"/api/webhooks/{_id}/rotate-secret", body));

    [Fact]
    public Task Recover_RandomBodies_Never5xx() =>
        CheckAsync(FuzzJson.Body, body => Json(HttpMethod.Post, $"/api/webhooks/{_id}/recover", body));

    [Fact]
    public Task ListWebhooks_RandomQueryValues_Never5xx() =>
        CheckAsync(
            from limit in FuzzJson.QueryValue
            from after in FuzzJson.QueryValue
            select $"limit={limit}&after={after}",
            query => new HttpRequestMessage(HttpMethod.Get, $"/api/webhooks?{query}"));

    [Fact]
    public Task ListDeliveries_RandomQueryValues_Never5xx() =>
        CheckAsync(
            from state in FuzzJson.QueryValue
            from limit in FuzzJson.QueryValue
            from cursor in FuzzJson.QueryValue
            select $"state={state}&limit={limit}&cursor={cursor}",
            query => new HttpRequestMessage(HttpMethod.Get, $"/api/webhooks/{_id}/deliveries?{query}"));

    [Fact]
    public Task IdRoutes_RandomIds_Never5xx() =>
        CheckAsync(
            from id in FuzzJson.QueryValue
            from route in Gen.Elements("GET {0}", "DELETE {0}", "POST {0}/enable", "POST {0}/disable", "POST {0}/test", "POST {0}/deliveries/{0}/retry")
            select string.Format(System.Globalization.CultureInfo.InvariantCulture, route, "/api/webhooks/x" + id),
            route => new HttpRequestMessage(new HttpMethod(route[..route.IndexOf(' ', StringComparison.Ordinal)]), route[(route.IndexOf(' ', StringComparison.Ordinal) + 1)..]));

    /// <summary>A valid create request in which one field is replaced by a random value (so validation gets past the others).</summary>
    private Gen<string> ValidRequestWithOneRandomField() =>
        from field in Gen.Elements("url", "description", "collections", "operationTypes", "filter", "fullDocument", "fields", "headers", "maxPerSecond", "ordered", "enabled", "tenantId")
        from value in FuzzJson.Value(2)
        select ValidWith(field, value);

    private string ValidWith(string field, string value)
    {
        var fields = new Dictionary<string, string>
        {
            ["url"] = "\"https://example.com/hook\"",
            ["collections"] = $"[\"{_watched}\"]",
            ["filter"] = "\"fullDocument.total > 5\"",
            [field] = value,
        };
        return "{" + string.Join(",", fields.Select(f => $"\"{f.Key}\":{f.Value}")) + "}";
    }

    private static HttpRequestMessage Json(HttpMethod method, string path, string body) =>
        new(method, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    /// <summary>
    /// Sends each generated case; fails on any 5xx, and on any failed (non-2xx) request after which the tenant's stored
    /// subscriptions differ from before it.
    /// </summary>
    private async Task CheckAsync(Gen<string> cases, Func<string, HttpRequestMessage> request)
    {
        var failures = new List<string>();
        var property = Prop.ForAll(cases.ToArbitrary(), input =>
        {
            var outcome = SendAsync(input, request).GetAwaiter().GetResult();
            if (outcome is not null)
            {
                failures.Add(outcome);
            }

            return outcome is null;
        });

        Check.One(Config.Quick.WithMaxTest(Count).WithQuietOnSuccess(true), property);
        await Task.CompletedTask;
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(5)));
    }

    private async Task<string?> SendAsync(string input, Func<string, HttpRequestMessage> request)
    {
        var before = await SnapshotAsync();
        using var message = request(input);
        using var response = await _client.SendAsync(message);
        var body = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode >= 500)
        {
            return $"{message.Method} {message.RequestUri} {Shorten(input)} -> {(int)response.StatusCode} {Shorten(body)}";
        }

        if (!response.IsSuccessStatusCode)
        {
            if (response.StatusCode != HttpStatusCode.NotFound && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                return $"{message.Method} {message.RequestUri} {Shorten(input)} -> {(int)response.StatusCode} without a ProblemDetails";
            }

            var after = await SnapshotAsync();
            if (after != before)
            {
                return $"{message.Method} {message.RequestUri} {Shorten(input)} -> {(int)response.StatusCode} but the stored subscriptions changed";
            }
        }

        return null;
    }

    private async Task<string> SnapshotAsync()
    {
        var page = await _client.GetFromJsonAsync<JsonElement>(new Uri("/api/webhooks?limit=200", UriKind.Relative));
        return page.GetProperty("items").GetRawText();
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "...";

    public async Task InitializeAsync()
    {
        _client = _factory.CreateClient();
        _client.DefaultRequestHeaders.Authorization = new("Bearer", _root.Tokens.Create("fuzz-" + Guid.NewGuid().ToString("N")));
        (_id, _) = await _client.SubscribeAsync(new { url = "https://example.com/hook", collections = new[] { _watched } });
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
        await _root.DisposeAsync();
    }
}
