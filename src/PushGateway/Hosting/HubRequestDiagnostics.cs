namespace PushGateway.Hosting;

/// <summary>
/// Hub transport requests (<see cref="LongLivedRequests"/>) get no request <c>Activity</c> and no request log scope
/// from ASP.NET Core hosting. Hosting makes both for every request whose diagnostics logger is enabled, for log
/// correlation only (no tracing exporter listens here), and a hub connection would keep them, with the activity's
/// three id strings, for its lifetime. Every other request keeps them: REST log lines still carry the trace id, span id
/// and request id. A hub connection's log lines keep Kestrel's and SignalR's connection ids; only the transport
/// request's own "Request starting/finished" lines (Information) are not written. When a tracing listener is added,
/// hosting makes the activity for it anyway.
/// </summary>
internal static class HubRequestDiagnostics
{
    /// <summary>The logger category whose being enabled makes hosting create the request activity and log scope.</summary>
    public const string Category = "Microsoft.AspNetCore.Hosting.Diagnostics";

    /// <summary>
    /// Registers the <see cref="IHttpContextAccessor"/> that tells, while hosting begins a request, which request it is,
    /// and returns whether the diagnostics logger is enabled for the current request (false for a hub transport).
    /// </summary>
    public static Func<bool> Register(WebApplicationBuilder builder)
    {
        var accessor = new HttpContextAccessor();
        builder.Services.AddSingleton<IHttpContextAccessor>(accessor);
        return () => accessor.HttpContext is not { } context || !LongLivedRequests.IsHubTransport(context);
    }
}
