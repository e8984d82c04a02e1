using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using PushGateway.Auth;
using PushGateway.Hosting;

namespace PushGateway.Realtime;

/// <summary>
/// <c>/hubs/changes</c>: tenant-scoped subscriptions to change events. Client → server: <c>Subscribe</c>,
/// <c>Unsubscribe</c>, <c>GetCollections</c>; server → client: <c>change</c>, <c>left</c>, <c>overflow</c>, <c>recovery</c>.
/// Errors are <see cref="HubException"/>s with readable messages; subscriptions end with the connection, and the
/// connection ends when its token expires.
/// </summary>
[Authorize(Policy = GatewayPolicies.Tenant)]
internal sealed class ChangesHub(
    ConnectionRegistry connections,
    RealtimeFanout fanout,
    SubscribeRequestValidator validator,
    CallerResolver callers,
    RealtimeMetrics metrics,
    OutboxSender sender,
    RealtimeLifetimeManager lifetime,
    IOptions<RealtimeOptions> options,
    ILogger<ChangesHub> logger) : Hub
{
    public override Task OnConnectedAsync()
    {
        var caller = callers.Resolve(Context.User) ?? throw new HubException("Unauthenticated.");
        var connectionId = Context.ConnectionId;
        // Nothing runs for an idle connection: the outbox drains on demand and stops when the connection is aborted.
        var hubConnection = lifetime.TakeArrived(connectionId)
            ?? throw new InvalidOperationException($"SignalR connected {connectionId} without {nameof(RealtimeLifetimeManager)}.");
        var outbox = new ConnectionOutbox(sender, hubConnection, caller.TenantId);
        connections.Add(new RealtimeConnection(connectionId, caller, outbox));

        // The transport request lives as long as the connection: drop what nothing reads again once the hub is
        // connected (the caller and the token's expiry are kept apart), the raw bearer token among it.
        if (Context.GetHttpContext() is { } request)
        {
            LongLivedRequests.ReleaseConnected(request);
        }
        return Task.CompletedTask;
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        if (connections.Remove(Context.ConnectionId) is { } connection)
        {
            foreach (var group in connection.RemoveAll())
            {
                fanout.Feed(group.Collection)?.Leave(connection, group);
            }

            // SignalR aborts the connection before OnDisconnectedAsync, so a drain still writing ends promptly.
            await connection.Outbox.CloseAsync();
        }
    }

    /// <summary>Subscribes to a collection's changes, optionally filtered and replayed from <c>resumeFrom</c>.</summary>
    /// <remarks>The argument is read as <see cref="JsonElement"/> so a wrong shape gets an answer naming what is wrong.</remarks>
    public SubscribeResponse Subscribe(JsonElement argument)
    {
        var connection = Current();
        var (request, argumentError) = SubscribeRequestReader.Read(argument);
        if (request is null)
        {
            throw Reject(connection, "argument", argumentError!);
        }

        if (connection.SubscriptionCount >= options.Value.MaxSubscriptionsPerConnection)
        {
            throw Reject(connection, "limit", $"A connection may hold at most {options.Value.MaxSubscriptionsPerConnection} subscriptions.");
        }

        var validation = validator.Validate(connection.Caller, request);
        if (validation.Plan is not { } plan)
        {
            throw Reject(connection, validation.Reason!, validation.Error!);
        }

        var (group, recovered, position) = fanout.Feed(plan.Collection)!.Join(connection, plan, string.IsNullOrWhiteSpace(request.ResumeFrom) ? null : request.ResumeFrom);
        RealtimeLog.Subscribed(logger, connection.ConnectionId, connection.Caller.TenantId, group.SubscriptionId, plan.Collection, recovered);
        return new SubscribeResponse(group.SubscriptionId, recovered, position) { Warnings = plan.Warnings };
    }

    /// <summary>Ends a subscription; false when this connection had no such subscription.</summary>
    public bool Unsubscribe(JsonElement argument)
    {
        var connection = Current();
        var (subscriptionId, argumentError) = SubscribeRequestReader.ReadSubscriptionId(argument);
        if (subscriptionId is null)
        {
            RealtimeLog.UnsubscribeRejected(logger, connection.ConnectionId, connection.Caller.TenantId, argumentError!);
            throw new HubException(argumentError);
        }

        var group = connection.Remove(subscriptionId, out var found);
        if (group is not null)
        {
            fanout.Feed(group.Collection)?.Leave(connection, group);
        }

        return found;
    }

    /// <summary>The watched collections this caller may subscribe to.</summary>
    public string[] GetCollections() => [.. validator.CollectionsFor(Current().Caller)];

    private RealtimeConnection Current() =>
        connections.Find(Context.ConnectionId) ?? throw new HubException("The connection is closing.");

    private HubException Reject(RealtimeConnection connection, string reason, string message)
    {
        metrics.SubscribeRejected(reason);
        RealtimeLog.SubscribeRejected(logger, connection.ConnectionId, connection.Caller.TenantId, message);
        return new HubException(message);
    }
}
