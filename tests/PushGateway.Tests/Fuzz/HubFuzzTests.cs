using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using PushGateway.Realtime;
using PushGateway.Testing;
using PushGateway.Tests.Realtime;

namespace PushGateway.Tests.Fuzz;

/// <summary>
/// Property: for random and hostile arguments, every hub method either answers or throws a <see cref="HubException"/>
/// with a readable message (never SignalR's bare "unexpected error"), the connection stays usable, and a rejected
/// <c>Subscribe</c> adds no subscription. <c>PUSHGATEWAY_FUZZ_COUNT</c> sets the number of cases (default 150).
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class HubFuzzTests(MongoTarget mongo)
{
    private static readonly int Count = int.TryParse(Environment.GetEnvironmentVariable("PUSHGATEWAY_FUZZ_COUNT"), out var n) ? n : 150;

    /// <summary>The message envelope takes two of the protocol reader's 64 levels (the message object, its arguments array).</summary>
    private const int MaxProtocolArgumentDepth = 62;

    private readonly string _ns = $"{MongoTarget.NewDatabaseName("fz")}.orders";

    [Fact]
    public Task Subscribe_RandomArguments_ReadableHubExceptionOrSubscribed() =>
        CheckAsync("Subscribe", Gen.OneOf(FuzzJson.Body, SubscribeWithOneRandomField()));

    [Fact]
    public Task Unsubscribe_RandomArguments_ReadableHubExceptionOrAnswer() =>
        CheckAsync("Unsubscribe", FuzzJson.Value(2));

    [Fact]
    public async Task Subscribe_FilterAsJsonObject_IsAcceptedLikeRest()
    {
        await using var gateway = await RunningGateway.StartAsync(mongo, [_ns]);
        var connection = await gateway.ConnectAsync("t1");

        var result = await connection.InvokeAsync<SubscribeResult>("Subscribe", new { collection = _ns, filter = new { operationType = "insert" } });

        Assert.False(string.IsNullOrEmpty(result.SubscriptionId));
    }

    public static TheoryData<string, string> WrongShapes => new()
    {
        { "5", "Subscribe takes one object" },
        { "\"db.coll\"", "Subscribe takes one object" },
        { """{"collection":"{NS}","fields":"a"}""", "'fields' must be an array" },
        { """{"collection":"{NS}","fields":[1]}""", "'fields[0]'" },
        { """{"collection":"{NS}","filter":5}""", "'filter' must be a string" },
        { """{"collection":"{NS}","fullDocument":"yes"}""", "'fullDocument' must be true or false" },
        { """{"collection":5}""", "'collection' must be" },
        { """{"collection":"{NS}","resumeFrom":{}}""", "'resumeFrom' must be" },
        { """{"collection":"\ud800"}""", "'collection' holds an unpaired UTF-16 surrogate" },
        { """{"collection":"{NS}","colour":"blue"}""", "Unknown Subscribe property 'colour'" },
    };

    [Theory]
    [MemberData(nameof(WrongShapes))]
    public async Task Subscribe_WrongShape_HubExceptionNamingTheArgument(string argument, string expected)
    {
        await using var gateway = await RunningGateway.StartAsync(mongo, [_ns]);
        await using var client = await RawHubClient.ConnectAsync(gateway.HubUrl, gateway.Tokens.Create("t1"));

        var (error, _) = await client.InvokeAsync("Subscribe", argument.Replace("{NS}", _ns, StringComparison.Ordinal));

        Assert.NotNull(error);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.True(client.IsOpen);
    }

    [Theory]
    [InlineData(90)]
    [InlineData(120)]
    public async Task Subscribe_FilterNestedNearTheQueryLimit_ReachesTheQueryEngine(int levels)
    {
        await using var gateway = await RunningGateway.StartAsync(mongo, [_ns]);
        await using var client = await RawHubClient.ConnectAsync(gateway.HubUrl, gateway.Tokens.Create("t1"));
        var filter = string.Concat(Enumerable.Repeat("{\"$and\":[", levels)) + "{\"a\":1}" + string.Concat(Enumerable.Repeat("]}", levels));

        // Deeper than SignalR's 64-level message limit as an object, so sent as MQL text in a string.
        var (error, _) = await client.InvokeAsync("Subscribe", $"{{\"collection\":\"{_ns}\",\"filter\":{JsonSerializer.Serialize(filter)}}}");

        if (levels < 100)
        {
            Assert.Null(error);
        }
        else
        {
            Assert.Contains("exceeded maximum query tree depth of 100", error, StringComparison.Ordinal);
        }
    }

    private Gen<string> SubscribeWithOneRandomField() =>
        from field in Gen.Elements("collection", "filter", "resumeFrom", "fullDocument", "fields")
        from value in FuzzJson.Value(2)
        select field == "collection"
            ? $"{{\"collection\":{value}}}"
            : $"{{\"collection\":\"{_ns}\",\"{field}\":{value}}}";

    private async Task CheckAsync(string method, Gen<string> arguments)
    {
        await using var gateway = await RunningGateway.StartAsync(mongo, [_ns]);
        var token = gateway.Tokens.Create("t1");
        var client = await RawHubClient.ConnectAsync(gateway.HubUrl, token);
        var registry = gateway.Services.GetRequiredService<ConnectionRegistry>();
        var failures = new List<string>();
        var property = Prop.ForAll(arguments.ToArbitrary(), argument =>
        {
            var failure = InvokeAsync(client, registry, method, argument).GetAwaiter().GetResult();
            if (failure is not null)
            {
                failures.Add(failure);
            }

            return failure is null;
        });

        try
        {
            Check.One(Config.Quick.WithMaxTest(Count).WithQuietOnSuccess(true), property);
        }
        finally
        {
            await client.DisposeAsync();
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(5)));
    }

    private static async Task<string?> InvokeAsync(RawHubClient client, ConnectionRegistry registry, string method, string argument)
    {
        // Not JSON cannot be sent as an argument; SignalR's JSON protocol reads a message at most 64 levels deep and closes
        // a connection that sends a deeper one (README "Limits"), before the hub sees it.
        if (FuzzJson.DepthOf(argument) is not { } depth || depth > MaxProtocolArgumentDepth)
        {
            return null;
        }

        var before = Subscriptions(registry);
        try
        {
            var (error, _) = await client.InvokeAsync(method, argument);
            if (error is null)
            {
                return null;
            }

            if (!error.Contains("HubException: ", StringComparison.Ordinal))
            {
                return $"{method}({Shorten(argument)}) -> unreadable error: {error}";
            }

            return Subscriptions(registry) == before ? null : $"{method}({Shorten(argument)}) failed but the subscriptions changed";
        }
        catch (Exception ex) when (ex is System.Net.WebSockets.WebSocketException or OperationCanceledException)
        {
            return $"{method}({Shorten(argument)}) -> {ex.GetType().Name}: {ex.Message}";
        }
    }

    private static int Subscriptions(ConnectionRegistry registry) =>
        registry.Count == 0 ? 0 : registry.All.Sum(c => c.SubscriptionCount);

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "...";
}
