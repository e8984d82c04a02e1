namespace PushGateway.LoadTest;

/// <summary>
/// Load tool: N SignalR clients over WebSockets against a running gateway, writes at a fixed rate, and a report of
/// delivered messages/s, write-to-receive latency, gateway CPU and memory per idle connection. See LOADTEST.md.
/// </summary>
internal static class LoadTestProgram
{
    public static async Task<int> Main(string[] args)
    {
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        var options = LoadTestOptions.Parse(args);
        if (options.NoisyNeighbor)
        {
            return await new NoisyNeighborRunner(options, Console.Out).RunAsync(stop.Token);
        }

        return await new LoadRunner(options, Console.Out).RunAsync(stop.Token);
    }
}
