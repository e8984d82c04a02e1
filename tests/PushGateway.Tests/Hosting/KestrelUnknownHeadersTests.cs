using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using PushGateway.Hosting;
using PushGateway.Testing;
using PushGateway.Tests.Realtime;

namespace PushGateway.Tests.Hosting;

/// <summary>
/// Once a hub connection is up, its transport request (which lives as long as the connection) keeps no dictionary of
/// unknown headers: not the emptied request one, not the sent response's with <c>Sec-WebSocket-Accept</c>.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class KestrelUnknownHeadersTests(MongoTarget mongo)
{
    private readonly string _ns = $"{MongoTarget.NewDatabaseName("kh")}.orders";

    [Fact]
    public async Task Connected_WebSocket_HeaderCollectionsKeepNoUnknownHeadersAndHubWorks()
    {
        var seen = new HeaderRecorder();
        await using var gateway = await RunningGateway.StartAsync(mongo, [_ns], services: s => s.Configure<HubOptions>(o => o.AddFilter(seen)));
        var connection = await gateway.ConnectAsync("t1");

        var collections = await connection.InvokeAsync<string[]>("GetCollections");

        Assert.Contains(_ns, collections);
        var (before, after) = Assert.Single(seen.Connections);
        // Null when Kestrel renamed the field: then both dictionaries would stay for the connection's lifetime.
        Assert.True(before.Response, "the response's Sec-WebSocket-Accept was expected among Kestrel's unknown headers");
        Assert.Equal((false, false), (after.Request, after.Response));
    }

    private sealed record Unknown(bool Request, bool Response);

    /// <summary>Reads whether the transport request's header collections hold an unknown-header dictionary around the hub's <c>OnConnectedAsync</c>.</summary>
    private sealed class HeaderRecorder : IHubFilter
    {
        private readonly ConcurrentQueue<(Unknown Before, Unknown After)> _connections = new();

        public IReadOnlyList<(Unknown Before, Unknown After)> Connections => [.. _connections];

        public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
        {
            var http = context.Context.GetHttpContext()!;
            var before = Read(http);
            await next(context);
            _connections.Enqueue((before, Read(http)));
        }

        private static Unknown Read(Microsoft.AspNetCore.Http.HttpContext http) =>
            new(Has(http.Request.Headers), Has(http.Response.Headers));

        private static bool Has(Microsoft.AspNetCore.Http.IHeaderDictionary headers) =>
            KestrelUnknownHeaders.FieldOf(headers.GetType()) is { } field && field.GetValue(headers) is not null;
    }
}
