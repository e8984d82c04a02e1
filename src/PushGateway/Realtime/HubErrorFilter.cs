using Microsoft.AspNetCore.SignalR;

namespace PushGateway.Realtime;

/// <summary>
/// Hub error logging. A <see cref="HubException"/> is an answer to the client (a rejected request, already logged as one
/// line where it was raised) and is passed on unlogged; any other exception is a bug and is logged here at Error with
/// its stack trace. SignalR's own dispatcher log, which would log every rejection as an Error, is turned down in
/// <see cref="RealtimeExtensions"/>.
/// </summary>
internal sealed class HubErrorFilter(ILogger<HubErrorFilter> logger) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocationContext);
        }
        catch (Exception ex) when (ex is not HubException and not OperationCanceledException)
        {
            RealtimeLog.HubMethodFailed(logger, ex, invocationContext.HubMethodName, invocationContext.Context.ConnectionId);
            throw;
        }
    }

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (ex is not HubException and not OperationCanceledException)
        {
            RealtimeLog.HubMethodFailed(logger, ex, nameof(OnConnectedAsync), context.Context.ConnectionId);
            throw;
        }
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        try
        {
            await next(context, exception);
        }
        catch (Exception ex) when (ex is not HubException and not OperationCanceledException)
        {
            RealtimeLog.HubMethodFailed(logger, ex, nameof(OnDisconnectedAsync), context.Context.ConnectionId);
            throw;
        }
    }
}
