using System.Diagnostics;

namespace PushGateway.EmbeddedMongo.Tests.Durability;

/// <summary>The standalone server program run as a separate OS process (so it can be killed with SIGKILL).</summary>
internal sealed class StandaloneProcess : IAsyncDisposable
{
    private readonly Process _process;

    private StandaloneProcess(Process process, string connectionString)
    {
        _process = process;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public static async Task<StandaloneProcess> StartAsync(string dataPath)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "PushGateway.EmbeddedMongo.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { dll, "--port", "0", "--dbpath", dataPath })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token)
                ?? throw new InvalidOperationException("the standalone server exited before printing its connection string");
            if (line.StartsWith("mongodb://", StringComparison.Ordinal))
            {
                // Keep draining stdout so the child never blocks on a full pipe.
                _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                return new StandaloneProcess(process, line + "&serverMonitoringMode=Poll");
            }
        }
    }

    /// <summary>SIGKILL: no chance to flush or snapshot.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }
}
