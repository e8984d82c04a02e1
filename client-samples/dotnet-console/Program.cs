namespace PushGateway.ConsoleClient;

/// <summary>
/// PushGateway console client sample: prints live changes of one collection, reconnecting and resuming automatically.
/// <c>dotnet run --project client-samples/dotnet-console -- --gateway http://localhost:5080 --tenant acme --collection shop.orders --filter "fullDocument.total > 100"</c>.
/// (An explicit class rather than top-level statements, so it never collides with the gateway's <c>Program</c> in tests.)
/// </summary>
internal static class ConsoleProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (ConsoleClientOptions.WantsHelp(args))
        {
            Console.WriteLine(ConsoleClientOptions.Usage);
            return 0;
        }

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };

        try
        {
            await new ChangeFeedClient(ConsoleClientOptions.Parse(args), Console.Out).RunAsync(stop.Token);
            return 0;
        }
        catch (OperationCanceledException)
        {
            return 0;
        }
        catch (Exception ex) when (ex is HttpRequestException or ArgumentException or UriFormatException or FormatException or Microsoft.AspNetCore.SignalR.HubException)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            return 1;
        }
    }
}
