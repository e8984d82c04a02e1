using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Features.Authentication;
using PushGateway.Auth;

namespace PushGateway.Hosting;

/// <summary>
/// Requests that last as long as a hub connection: the transport requests (<c>GET /hubs/...</c>: WebSocket, server-sent
/// events, long polling), not the <c>POST .../negotiate</c>. Whatever such a request holds — a middleware's suspended
/// frame, the raw token — is held once per connection, so the pipeline keeps them out of it where it can.
/// </summary>
internal static class LongLivedRequests
{
    public static bool IsHubTransport(HttpContext context) =>
        HttpMethods.IsGet(context.Request.Method) && context.Request.Path.StartsWithSegments(BearerToken.HubPathPrefix);

    /// <summary>
    /// Once the hub has accepted the connection, drops what the transport request no longer needs but would keep for
    /// the connection's lifetime: the request headers (the raw bearer token among them) and the dictionaries of unknown
    /// request and sent response headers (<see cref="KestrelUnknownHeaders"/>), the authentication result
    /// (ticket, properties, the token's expiry as text: SignalR read the expiry when the transport started, and the
    /// hub's <c>Context.User</c> is the connection's own reference), the request items, the parsed query, and the query
    /// string itself with Kestrel's copies of it (<see cref="KestrelRequestTarget"/>: a browser's <c>?access_token=</c>).
    /// <see cref="HttpContext.User"/> stays the same principal; the path stays, and the query reads as empty.
    /// </summary>
    public static void ReleaseConnected(HttpContext context)
    {
        var user = context.User;
        context.Request.Headers.Clear();
        KestrelUnknownHeaders.Release(context.Request.Headers);
        if (context.Response.HasStarted)
        {
            // Sent (a WebSocket's 101, the event stream's 200): its Sec-WebSocket-Accept is never read again.
            KestrelUnknownHeaders.Release(context.Response.Headers);
        }

        var features = context.Features;
        features.Set<IAuthenticateResultFeature>(null);
        features.Set<IAuthenticationFeature>(null);
        features.Set<IHttpAuthenticationFeature>(new HttpAuthenticationFeature { User = user });
        features.Set<IItemsFeature>(null);
        features.Set<IQueryFeature>(null);
        if (features.Get<IHttpRequestFeature>() is { } request)
        {
            KestrelRequestTarget.Release(request);
        }

        // HttpContext and HttpRequest keep their own references to the features they fetched until their next feature
        // access sees the collection changed: one read each lets the dropped ones go.
        _ = context.User;
        _ = context.Request.Method;
    }
}
