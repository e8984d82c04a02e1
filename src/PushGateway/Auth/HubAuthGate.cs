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
/// The two middlewares resolve their services from a DI scope of their own, disposed as soon as they are done: the
/// authentication handler caches the validated ticket, and the request's own scope would keep it, the handler and the
/// authentication service for the connection's lifetime. The request's scope is made on demand as usual if anything
/// later asks for <see cref="HttpContext.RequestServices"/>.
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

        var requestServices = context.Features.Get<IServiceProvidersFeature>();
        var scope = scopeFactory.CreateAsyncScope();
        context.Features.Set<IServiceProvidersFeature>(new ServiceProvidersFeature { RequestServices = scope.ServiceProvider });
        context.Items[Key] = Waiting;
        Task checking;
        try
        {
            checking = next(context);
        }
        catch
        {
            // Middlewares report failures through their task; a synchronous throw is rare, and the scope's disposal
            // must not hide it.
            _ = End(context, requestServices, scope).AsTask();
            throw;
        }

        if (!checking.IsCompletedSuccessfully)
        {
            return ContinueAfterAsync(checking, context, requestServices, scope);
        }

        var ending = End(context, requestServices, scope);
        if (!ending.IsCompletedSuccessfully)
        {
            return ContinueAfterAsync(ending.AsTask(), context, null, null);
        }

        ending.GetAwaiter().GetResult();
        return Continue(context);
    };

    /// <summary>The middleware placed after authorization: reached only when authorization let the request through.</summary>
    public RequestDelegate Exit(RequestDelegate next)
    {
        _rest = next;
        return context =>
        {
            if (LongLivedRequests.IsHubTransport(context) && context.Items.TryGetValue(Key, out var state) && ReferenceEquals(state, Waiting))
            {
                context.Items[Key] = Passed;
                return Task.CompletedTask;
            }

            return next(context);
        };
    }

    /// <summary>Gives the request its own services back and disposes the authentication scope.</summary>
    private static ValueTask End(HttpContext context, IServiceProvidersFeature? requestServices, AsyncServiceScope scope)
    {
        context.Features.Set(requestServices);
        return scope.DisposeAsync();
    }

    private async Task ContinueAfterAsync(Task checking, HttpContext context, IServiceProvidersFeature? requestServices, AsyncServiceScope? scope)
    {
        // Authentication went asynchronous (e.g. the provider's metadata was being fetched, or a refusal is being
        // written): this connection keeps one frame, the rest still end here.
        try
        {
            await checking;
        }
        finally
        {
            if (scope is { } authScope)
            {
                await End(context, requestServices, authScope);
            }
        }

        await Continue(context);
    }

    private Task Continue(HttpContext context)
    {
        var passed = context.Items.TryGetValue(Key, out var state) && ReferenceEquals(state, Passed);
        context.Items.Remove(Key);

        // Refused: the authentication or authorization middleware has written the response.
        return passed ? _rest!(context) : Task.CompletedTask;
    }
}
