using Microsoft.AspNetCore.Http.Features;
using PushGateway.Hosting;

namespace PushGateway.Auth;

/// <summary>
/// Runs ASP.NET Core's authentication and authorization middlewares for a hub transport request (the WebSocket, SSE or
/// long-polling <c>GET /hubs/...</c> that lasts as long as its connection) to their end before the request goes on, so
/// that neither stays suspended for the life of the connection. The middlewares stay where they are in the pipeline:
/// <see cref="Enter"/> runs before them and <see cref="Exit"/> after them. For a hub transport request, <see cref="Exit"/>
/// only notes that authorization let the request through and returns; <see cref="Enter"/> then continues the request
/// from <see cref="Exit"/>'s place. A refused request never gets there: the challenge or forbid response is written by
/// the middlewares as before. Every other request passes through both unchanged.
/// </summary>
/// <remarks>
/// Once authorized, the hub request also gives up its DI scope: only the authentication services live in it (the
/// handler caches the validated ticket), and the request would keep them for the connection's lifetime. A fresh scope
/// is made on demand if anything asks for <see cref="HttpContext.RequestServices"/> later.
/// </remarks>
internal sealed class HubAuthGate(IServiceScopeFactory scopeFactory)
{
    private static readonly object Key = new();
    private static readonly object Waiting = new();
    private static readonly object Passed = new();

    private RequestDelegate? _rest;

    /// <summary>The middleware placed before authentication.</summary>
    public RequestDelegate Enter(RequestDelegate next) => context =>
    {
        if (!LongLivedRequests.IsHubTransport(context))
        {
            return next(context);
        }

        context.Items[Key] = Waiting;
        var checking = next(context);
        return checking.IsCompletedSuccessfully ? Continue(context) : ContinueAfterAsync(checking, context);
    };

    /// <summary>The middleware placed after authorization: reached only when authorization let the request through.</summary>
    public RequestDelegate Exit(RequestDelegate next)
    {
        _rest = next;
        return context =>
        {
            if (context.Items.TryGetValue(Key, out var state) && ReferenceEquals(state, Waiting))
            {
                context.Items[Key] = Passed;
                return Task.CompletedTask;
            }

            return next(context);
        };
    }

    private async Task ContinueAfterAsync(Task checking, HttpContext context)
    {
        // Authentication went asynchronous (e.g. the provider's metadata was being fetched): this connection keeps
        // one frame, the rest still end here.
        await checking;
        await Continue(context);
    }

    private Task Continue(HttpContext context)
    {
        var passed = context.Items.TryGetValue(Key, out var state) && ReferenceEquals(state, Passed);
        context.Items.Remove(Key);
        if (!passed)
        {
            // Refused: the authentication or authorization middleware has written the response.
            return Task.CompletedTask;
        }

        if (context.Features.Get<IServiceProvidersFeature>() is not RequestServicesFeature used)
        {
            return _rest!(context);
        }

        // The old feature stays registered for disposal at the end of the request; disposing it twice is harmless.
        context.Features.Set<IServiceProvidersFeature>(new RequestServicesFeature(context, scopeFactory));
        var disposing = used.DisposeAsync();
        if (!disposing.IsCompletedSuccessfully)
        {
            return DisposeThenContinueAsync(disposing, context);
        }

        disposing.GetAwaiter().GetResult();
        return _rest!(context);
    }

    private async Task DisposeThenContinueAsync(ValueTask disposing, HttpContext context)
    {
        await disposing;
        await _rest!(context);
    }
}
