using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using MongoDB.Bson;
using PushGateway.Query;
using PushGateway.Testing;
using PushGateway.Tests.Realtime;

namespace PushGateway.Tests.Filters;

/// <summary>
/// Filters at every entry point: non-linear regexes are refused, hints name the likely path, malformed input (lone
/// surrogates, random shapes) never causes a 5xx, and one tenant's expensive filter is cut off by its work budget.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class FilterSafetyTests(MongoTarget mongo) : IAsyncLifetime
{
    private const string Backreference = """{"fullDocument.name": {"$regex": "^(a+)+\\1$"}}""";
    private static readonly Uri Validate = new("/api/filters/validate", UriKind.Relative);
    private static readonly Uri WebhooksUri = new("/api/webhooks", UriKind.Relative);
    private readonly GatewayFactory _factory = new(mongo);
    private readonly string _ns = $"{MongoTarget.NewDatabaseName("flt")}.orders";
    private GatewayFactory? _webhookHost;
    private string _watched = "";

    [Fact]
    public async Task Validate_BackreferenceFilter_InvalidNamingConstructAndPosition()
    {
        using var client = _factory.CreateClientFor("t1");

        var body = await PostOkAsync(client, JsonSerializer.Serialize(new { filter = Backreference }));

        Assert.False(body.GetProperty("valid").GetBoolean());
        var message = body.GetProperty("errors")[0].GetProperty("message").GetString()!;
        Assert.Contains("backreference (\\1) at character 7", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateWebhook_BackreferenceFilter_ValidationProblemAndNothingStored()
    {
        var tenant = $"t-{Guid.NewGuid():N}";
        using var client = _webhookHost!.CreateClientFor(tenant);

        var response = await client.PostAsync(WebhooksUri, Json(JsonSerializer.Serialize(new { url = "https://example.com/hook", collections = new[] { _watched }, filter = Backreference })));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("backreference", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var list = await client.GetFromJsonAsync<JsonElement>(WebhooksUri);
        Assert.Equal(0, list.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Subscribe_BackreferenceFilter_HubExceptionNamingConstruct()
    {
        await using var gateway = await RunningGateway.StartAsync(mongo, [_ns]);
        var connection = await gateway.ConnectAsync("t1");

        var error = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<JsonElement>("Subscribe", new { collection = _ns, filter = Backreference }));

        Assert.Contains("backreference", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_BareField_WarnsWithLikelyPath()
    {
        using var client = _factory.CreateClientFor("t1");

        var body = await PostOkAsync(client, JsonSerializer.Serialize(new { filter = "status = 'paid' AND fullDocument.total > 5" }));

        Assert.True(body.GetProperty("valid").GetBoolean());
        var warning = Assert.Single(body.GetProperty("warnings").EnumerateArray()).GetString()!;
        Assert.Contains("did you mean fullDocument.status?", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscribe_BareField_ResultCarriesWarning()
    {
        await using var gateway = await RunningGateway.StartAsync(mongo, [_ns]);
        var connection = await gateway.ConnectAsync("t1");

        var result = await connection.InvokeAsync<JsonElement>("Subscribe", new { collection = _ns, filter = "status = 'paid'" });

        Assert.Contains("fullDocument.status", result.GetProperty("warnings")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateWebhook_BareField_ResponseCarriesWarning()
    {
        using var client = _webhookHost!.CreateClientFor($"t-{Guid.NewGuid():N}");

        var response = await client.PostAsJsonAsync(WebhooksUri, new { url = "https://example.com/hook", collections = new[] { _watched }, filter = "status = 'paid'" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("fullDocument.status", body.GetProperty("warnings")[0].GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"filter": "fullDocument.name = '\ud800'"}""")]
    [InlineData("""{"filter": {"fullDocument.name": "\ud800"}}""")]
    [InlineData("""{"filter": {"\ud800": 1}}""")]
    [InlineData("""{"filter": "{\"a\": \"\\ud800\"}"}""")]
    public async Task Validate_LoneSurrogateEscape_200Invalid(string raw)
    {
        using var client = _factory.CreateClientFor("t1");

        var body = await PostOkAsync(client, raw);

        Assert.False(body.GetProperty("valid").GetBoolean());
        Assert.Contains("surrogate", body.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_RandomFiltersAndShapes_NeverA5xx()
    {
        using var client = _factory.CreateClientFor("t1");
        var keys = Gen.Elements("a", "fullDocument.x", "$and", "$or", "$in", "$regex", "$elemMatch", "$not", "$where", "\\ud800", "", "$date");
        var scalars = Gen.Elements("1", "1e999", "null", "\"x\"", "\"\\ud800\"", "\"\\udc00x\"", "[]", "{}", "\"(a)\\\\1\"", "\"a = 1\"", "\"{\\\"a\\\":\"", "true");
        var objects = Gen.ListOf(keys.SelectMany(_ => scalars, (k, v) => "\"" + k + "\":" + v)).Select(p => "{" + string.Join(",", p.Take(5)) + "}");
        var bodies = Gen.OneOf(
            objects.Select(o => "{\"filter\":" + o + "}"),
            objects.Select(o => "{\"filter\":{\"$and\":[" + o + "]},\"event\":" + o + "}"),
            scalars.Select(s => "{\"filter\":" + s + "}"),
            ArbMap.Default.GeneratorFor<string>().Select(s => JsonSerializer.Serialize(new { filter = s ?? "" })),
            Gen.Choose(1, 40).Select(n => "{\"filter\":" + new string('[', n) + new string(']', n) + "}"),
            Gen.Elements("", "{", "[]", "{\"filter\":", "{\"filter\":\"a = 1\",\"event\":5}", "{\"filter\":\"a = 1\",\"event\":\"x\"}"));

        var failures = new List<string>();
        foreach (var raw in bodies.Sample(300, 40))
        {
            var response = await client.PostAsync(Validate, Json(raw));
            if ((int)response.StatusCode >= 500)
            {
                failures.Add($"{(int)response.StatusCode}: {raw}");
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public async Task Change_OtherTenantsExpensiveFilter_CutByBudgetAndOwnEventDelivered()
    {
        await using var gateway = await RunningGateway.StartAsync(mongo, [_ns]);
        var attacker = await gateway.ConnectAsync("attacker");
        var attackerChanges = new ChangeRecorder(attacker);
        await attacker.InvokeAsync<JsonElement>("Subscribe", new { collection = _ns, filter = """{"fullDocument.s": {"$regex": "(a|b|c|d)*a(a|b|c|d){60}e"}}""" });
        await attacker.InvokeAsync<JsonElement>("Subscribe", new { collection = _ns, filter = """{"fullDocument.marker": true}""" });
        var victim = await gateway.ConnectAsync("victim");
        var victimChanges = new ChangeRecorder(victim);
        await victim.InvokeAsync<JsonElement>("Subscribe", new { collection = _ns });
        var collection = gateway.Collection(mongo, _ns);
        var before = QueryMetrics.BudgetExceededTotal;

        var strings = new BsonArray(Enumerable.Range(0, 100).Select(_ => new string('a', 20_000)));
        await collection.InsertOneAsync(new BsonDocument { { "_id", "evil" }, { "tenantId", "attacker" }, { "s", strings } });
        await collection.InsertOneAsync(new BsonDocument { { "_id", "mine" }, { "tenantId", "victim" }, { "n", 1 } });
        await collection.InsertOneAsync(new BsonDocument { { "_id", "marker" }, { "tenantId", "attacker" }, { "marker", true } });

        await victimChanges.WaitAsync(() => victimChanges.Changes.Any(c => c.GetProperty("documentKey").ToString().Contains("mine", StringComparison.Ordinal)));
        // The attacker's events are evaluated in order on the attacker's own lane: once its marker arrived, the evil
        // document's evaluation is over, and it was cut off.
        await attackerChanges.WaitAsync(() => attackerChanges.Changes.Any(c => c.GetProperty("documentKey").ToString().Contains("marker", StringComparison.Ordinal)));
        Assert.True(QueryMetrics.BudgetExceededTotal > before, "the attacker's evaluation was not cut off by its work budget");
        Assert.DoesNotContain(attackerChanges.Changes, c => c.GetProperty("documentKey").ToString().Contains("evil", StringComparison.Ordinal));
    }

    public Task InitializeAsync()
    {
        _webhookHost = PushGateway.Tests.Webhooks.WebhookTestHost.Create(mongo, out _watched);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _webhookHost!.DisposeAsync();
    }

    private static StringContent Json(string raw) => new(raw, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> PostOkAsync(HttpClient client, string raw)
    {
        var response = await client.PostAsync(Validate, Json(raw));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
