using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace PushGateway.Hosting;

/// <summary>
/// Once Kestrel listens, says where the dashboard and the API docs are and how to get a token, so the first minute
/// needs no README. Silent under a test server, which has no addresses.
/// </summary>
internal sealed partial class StartupHints(
    IServer server,
    IHostApplicationLifetime lifetime,
    IHostEnvironment environment,
    ILogger<StartupHints> logger) : IHostedService
{
    public const string TokenCommand = "dotnet run --project src/PushGateway -- token --tenant acme";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Log);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Log()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (address is null)
        {
            return;
        }

        var url = Browsable(address);
        if (environment.IsDevelopment())
        {
            LogDevelopmentHints(logger, url + "/", url + "/swagger", TokenCommand, url + "/api/dev/token");
        }
        else
        {
            LogHints(logger, url + "/", url + "/swagger", TokenCommand);
        }
    }

    /// <summary>Kestrel reports wildcard bindings (<c>http://[::]:8080</c>, <c>http://+:8080</c>); a browser needs a host.</summary>
    internal static string Browsable(string address)
    {
        var uri = new UriBuilder(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
        if (uri.Host is "[::]" or "0.0.0.0" or "::")
        {
            uri.Host = "localhost";
        }

        return uri.Uri.GetLeftPart(UriPartial.Authority);
    }

    [LoggerMessage(EventId = 1010, Level = LogLevel.Information,
        Message = "Dashboard: {DashboardUrl} · REST API docs: {SwaggerUrl} · a token for tenant acme: {TokenCommand} (or POST {DevTokenUrl} with {{\"tenantId\":\"acme\"}})")]
    private static partial void LogDevelopmentHints(ILogger logger, string dashboardUrl, string swaggerUrl, string tokenCommand, string devTokenUrl);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Information,
        Message = "Dashboard: {DashboardUrl} · REST API docs: {SwaggerUrl} · a token for tenant acme (signing-key mode): {TokenCommand}")]
    private static partial void LogHints(ILogger logger, string dashboardUrl, string swaggerUrl, string tokenCommand);
}
