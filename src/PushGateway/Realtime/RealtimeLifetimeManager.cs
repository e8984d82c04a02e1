using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace PushGateway.Realtime;

/// <summary>
/// SignalR's own lifetime manager for <see cref="ChangesHub"/>, which also hands each new connection's
/// <see cref="HubConnectionContext"/> to the hub: SignalR calls <see cref="OnConnectedAsync"/> right before the hub's
/// <c>OnConnectedAsync</c>, which <see cref="TakeArrived">takes</see> it for the connection's outbox. The outbox then
/// writes each message, serialised once for all the connections it goes to, straight to the connection instead of through
/// <c>IHubContext</c> (a lookup and a serialisation per connection and message).
/// </summary>
/// <remarks>
/// A connection stays in the hand-over map only between the two calls; one whose hub never took it (it failed to
/// connect) leaves it in <see cref="OnDisconnectedAsync"/>, which SignalR calls for every connection that got here.
/// </remarks>
internal sealed class RealtimeLifetimeManager(ILogger<DefaultHubLifetimeManager<ChangesHub>> logger) : DefaultHubLifetimeManager<ChangesHub>(logger)
{
    private readonly ConcurrentDictionary<string, HubConnectionContext> _arriving = new(StringComparer.Ordinal);

    public override Task OnConnectedAsync(HubConnectionContext connection)
    {
        _arriving[connection.ConnectionId] = connection;
        return base.OnConnectedAsync(connection);
    }

    public override Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        _arriving.TryRemove(connection.ConnectionId, out _);
        return base.OnDisconnectedAsync(connection);
    }

    /// <summary>The connection SignalR is connecting under <paramref name="connectionId"/>, once; null when there is none.</summary>
    public HubConnectionContext? TakeArrived(string connectionId) =>
        _arriving.TryRemove(connectionId, out var connection) ? connection : null;
}
