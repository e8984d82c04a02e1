using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.AspNetCore.SignalR;
using PushGateway.ChangeStreams;
using PushGateway.Filters;
using PushGateway.Hosting;

namespace PushGateway.Realtime;

/// <summary>The SignalR hub <c>/hubs/changes</c> and its fan-out sink.</summary>
internal static class RealtimeExtensions
{
    public static WebApplicationBuilder AddRealtime(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RealtimeOptions>()
            .BindConfiguration(RealtimeOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSignalR(o =>
            {
                // Hub errors carry only the HubException messages written for clients, never exception details.
                o.EnableDetailedErrors = false;
                o.MaximumReceiveMessageSize = 64 * 1024;
                o.AddFilter<HubErrorFilter>();
            })
            // Deep enough for a filter object at the query engine's depth limit (see Hosting/RequestLimits).
            .AddJsonProtocol(o => o.PayloadSerializerOptions.MaxDepth = RequestLimits.MaxJsonDepth);

        // SignalR's dispatcher logs every HubException (a rejected Subscribe) as an Error with a stack trace, so any
        // client could fill the error log; HubErrorFilter logs the real failures (bugs) instead.
        builder.Logging.AddFilter("Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher", LogLevel.Critical);
        // Kestrel keeps a request's header values for reuse by the next request on the same connection unless string
        // reuse is off; a hub connection never has a next request, and ChangesHub drops its headers once connected.
        builder.Services.Configure<KestrelServerOptions>(o => o.DisableStringReuse = true);
        // SignalR's lifetime manager, which also hands each connection to the hub so its outbox writes to it directly.
        builder.Services.AddSingleton<RealtimeLifetimeManager>();
        builder.Services.AddSingleton<HubLifetimeManager<ChangesHub>>(sp => sp.GetRequiredService<RealtimeLifetimeManager>());
        builder.Services.AddSingleton<ConnectionRegistry>();
        builder.Services.AddSingleton<RealtimeMetrics>();
        builder.Services.AddSingleton<OutboxSender>();
        builder.Services.AddSingleton<SubscribeRequestValidator>();
        builder.Services.TryAddSingleton<TenantFilterClock>();
        builder.Services.AddSingleton<RealtimeFanout>();
        builder.Services.AddSingleton<IChangeEventSink>(sp => sp.GetRequiredService<RealtimeFanout>());
        return builder;
    }

    public static WebApplication MapRealtime(this WebApplication app)
    {
        // The connection is closed when its token expires: long-lived sockets must not outlive their authorisation.
        app.MapHub<ChangesHub>(RealtimeNames.HubPath, o => o.CloseOnAuthenticationExpiration = true);
        return app;
    }
}
