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
}
