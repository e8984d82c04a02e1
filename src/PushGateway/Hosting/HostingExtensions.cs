namespace PushGateway.Hosting;

/// <summary>What the host prints for the person who just started it.</summary>
internal static class HostingExtensions
{
    public static WebApplicationBuilder AddStartupHints(this WebApplicationBuilder builder)
    {
        builder.Services.AddHostedService<StartupHints>();
        return builder;
    }
}
