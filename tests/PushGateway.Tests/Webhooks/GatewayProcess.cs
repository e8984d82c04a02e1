using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PushGateway.Tests.Webhooks;

/// <summary>
/// The built gateway (<c>dotnet PushGateway.dll</c>) as a separate OS process, configured through environment variables,
/// so a test can kill it with SIGKILL and start it again against the same MongoDB.
/// </summary>
internal sealed class GatewayProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private GatewayProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri BaseAddress { get; }

    /// <summary>The last lines the process printed, for failure messages.</summary>
    public string OutputTail
    {
        get
        {
            lock (_output)
            {
                var text = _output.ToString();
                return text.Length <= 4000 ? text : text[^4000..];
            }
        }
    }

    /// <summary>Path of the built gateway, next to the test assembly (copied there by the project reference).</summary>
    public static string? Locate()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "PushGateway.dll");
        return File.Exists(beside) && File.Exists(Path.Combine(AppContext.BaseDirectory, "PushGateway.runtimeconfig.json")) ? beside : null;
    }

    public static GatewayProcess Start(string dll, IReadOnlyDictionary<string, string> environment)
    {
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll },
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        info.Environment["DOTNET_ENVIRONMENT"] = "Testing";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        return new GatewayProcess(Process.Start(info)!, new Uri($"http://127.0.0.1:{port}"));
    }

    /// <summary>Waits until <c>/health/ready</c> answers 200 (false when the process exits or the time is up).</summary>
    public async Task<bool> WaitReadyAsync(TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (DateTimeOffset.UtcNow < deadline && !_process.HasExited)
        {
            try
            {
                using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            // A starting process sends no signal but its exit: wait for that, at most 200 ms, then ask again.
            using var pause = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            await _process.WaitForExitAsync(pause.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        return false;
    }

    /// <summary>SIGKILL: no shutdown code runs, exactly like a crash.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
            if (_output.Length > 64_000)
            {
                _output.Remove(0, 32_000);
            }
        }
    }
}
