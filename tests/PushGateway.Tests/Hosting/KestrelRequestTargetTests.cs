using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using PushGateway.Hosting;
using PushGateway.Testing;
using PushGateway.Tests.Realtime;

namespace PushGateway.Tests.Hosting;

/// <summary>
/// A browser passes its token as <c>?access_token=</c>; once the hub connection is up, the transport request (which lives
/// as long as the connection) keeps no copy of it: not in the request feature, not in Kestrel's own cache fields.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class KestrelRequestTargetTests(MongoTarget mongo)
{
    private readonly string _ns = $"{MongoTarget.NewDatabaseName("kt")}.orders";

    [Fact]
    public async Task Connected_QueryToken_RequestKeepsNoCopyOfTheTokenAndHubWorks()
    {
        var seen = new TargetRecorder();
        await using var gateway = await RunningGateway.StartAsync(mongo, [_ns], services: s => s.Configure<HubOptions>(o => o.AddFilter(seen)));
        var token = gateway.Tokens.Create("t1");
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(gateway.HubUrl, "?access_token=" + Uri.EscapeDataString(token)), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
            })
            .Build();

        await connection.StartAsync();
        var collections = await connection.InvokeAsync<string[]>("GetCollections");

        Assert.Contains(_ns, collections);
        var after = Assert.Single(seen.Targets);
        Assert.Equal("/hubs/changes", after.RawTarget);
        Assert.Equal("", after.QueryString);
        // Null when Kestrel renamed its cache fields: then the token would stay in memory for the connection's lifetime.
        Assert.NotNull(after.KestrelCopies);
        Assert.All(after.KestrelCopies, copy => Assert.True(copy is null || !copy.Contains(token, StringComparison.Ordinal), "Kestrel still holds the token"));
    }

    private sealed record Target(string RawTarget, string QueryString, string?[]? KestrelCopies);

    /// <summary>Reads the transport request's target right after the hub's <c>OnConnectedAsync</c>.</summary>
    private sealed class TargetRecorder : IHubFilter
    {
        private readonly ConcurrentQueue<Target> _targets = new();

        public IReadOnlyList<Target> Targets => [.. _targets];

        public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
        {
            await next(context);
            var request = context.Context.GetHttpContext()!.Features.Get<IHttpRequestFeature>()!;
            var fields = KestrelRequestTarget.FieldsOf(request.GetType());
            _targets.Enqueue(new Target(request.RawTarget, request.QueryString, fields?.Select(f => (string?)f.GetValue(request)).ToArray()));
        }
    }
}
