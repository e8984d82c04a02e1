using Microsoft.Extensions.FileProviders;

namespace PushGateway.Hosting;

/// <summary>What the host offers the person who just started it: startup hints and the browser sample.</summary>
internal static class HostingExtensions
{
    /// <summary>URL path of the minimal browser client (<c>client-samples/browser</c>) on the gateway's origin.</summary>
    public const string BrowserSamplePath = "/samples/browser";

    public static WebApplicationBuilder AddStartupHints(this WebApplicationBuilder builder)
    {
        builder.Services.AddHostedService<StartupHints>();
        return builder;
    }

    /// <summary>
    /// Serves <c>client-samples/browser</c> at <see cref="BrowserSamplePath"/> when the gateway runs from a checkout (the
    /// folder beside <c>wwwroot/</c>); a published image carries no samples and serves nothing there.
    /// </summary>
    public static WebApplication UseBrowserSample(this WebApplication app)
    {
        var root = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(app.Environment.WebRootPath ?? ""));
        var folder = root is null ? null : Path.Combine(root, "client-samples", "browser");
        if (folder is not null && File.Exists(Path.Combine(folder, "index.html")))
        {
            var files = new PhysicalFileProvider(folder);
            app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, RequestPath = BrowserSamplePath });
            app.UseStaticFiles(new StaticFileOptions { FileProvider = files, RequestPath = BrowserSamplePath });
        }

        return app;
    }
}
