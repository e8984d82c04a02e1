using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using MongoDB.Bson;
using PushGateway.ConsoleClient;
using PushGateway.Testing;

namespace PushGateway.Tests.Realtime;

/// <summary>The .NET console sample (client-samples/dotnet-console) against a real gateway.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ConsoleClientTests(MongoTarget mongo)
{
    private readonly string _ns = $"{MongoTarget.NewDatabaseName("cli")}.orders";

    [Fact]
    public async Task RunAsync_ConnectionDropped_ReconnectsAndReplaysMissedEvents()
    {
        var dropper = new HubConnectionDropper();
        await using var gateway = await RunningGateway.StartAsync(mongo, [_ns], services: s => s.AddSingleton<IStartupFilter>(dropper));
        var output = new LineRecorder();
        var options = new ConsoleClientOptions { Gateway = gateway.BaseAddress, Token = gateway.Tokens.Create("t1"), Collection = _ns, MaxEvents = 3 };
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var run = new ChangeFeedClient(options, output).RunAsync(stop.Token);
        await output.WaitForAsync(l => l.StartsWith("subscribed:", StringComparison.Ordinal));
        var collection = gateway.Collection(mongo, _ns);
        await collection.InsertOneAsync(new BsonDocument { { "tenantId", "t1" }, { "name", "one" } });
        await output.WaitForAsync(l => l.Contains("\"one\"", StringComparison.Ordinal));

        Assert.Equal(1, dropper.DropAll());
        await output.WaitForAsync(l => l.StartsWith("reconnecting:", StringComparison.Ordinal));
        await collection.InsertOneAsync(new BsonDocument { { "tenantId", "t1" }, { "name", "two" } });
        await collection.InsertOneAsync(new BsonDocument { { "tenantId", "t2" }, { "name", "not-mine" } });
        await collection.InsertOneAsync(new BsonDocument { { "tenantId", "t1" }, { "name", "three" } });
        await run;

        var lines = output.Lines;
        Assert.Contains(lines, l => l.StartsWith("reconnected:", StringComparison.Ordinal) && l.EndsWith("recovered=True", StringComparison.Ordinal));
        Assert.Equal(["one", "two", "three"], lines.Where(l => l.StartsWith("change:", StringComparison.Ordinal)).Select(l => l.Contains("\"one\"") ? "one" : l.Contains("\"two\"") ? "two" : l.Contains("\"three\"") ? "three" : l));
    }
}
