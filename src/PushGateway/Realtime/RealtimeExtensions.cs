using Microsoft.AspNetCore.SignalR;
using PushGateway.ChangeStreams;

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
        });
        builder.Services.AddSingleton<ConnectionRegistry>();
        builder.Services.AddSingleton<RealtimeMetrics>();
        builder.Services.AddSingleton<SubscribeRequestValidator>();
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
