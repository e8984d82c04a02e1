namespace PushGateway.Demo;

/// <summary>Says once, at startup, why <c>Demo:Enabled=true</c> wrote nothing: the configured MongoDB is the user's own.</summary>
internal sealed class DemoRefusal(ILogger<DemoRefusal> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        DemoLog.RefusedOnOwnDatabase(logger);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
