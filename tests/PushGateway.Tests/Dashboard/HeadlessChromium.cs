using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace PushGateway.Tests.Dashboard;

/// <summary>
/// Debian's chromium (<c>/usr/bin/chromium</c>, installed by CI with apt), headless, driven over the Chrome DevTools
/// protocol: no downloaded browser, no driver. Waiting happens inside the page (a promise that resolves when a condition
/// holds), so tests never sleep.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    public const string Executable = "/usr/bin/chromium";

    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private int _nextId;

    private HeadlessChromium(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    /// <summary>Null when chromium is installed; otherwise why browser tests are skipped.</summary>
    public static string? UnavailableReason =>
        File.Exists(Executable) ? null : $"Chromium is not installed at {Executable} (CI installs the Debian package 'chromium'; run `apt-get install chromium` to run browser tests).";

    /// <summary>Starts chromium on <paramref name="url"/> and attaches to the page.</summary>
    public static async Task<HeadlessChromium> OpenAsync(Uri url)
    {
        var profile = Directory.CreateTempSubdirectory("pushgateway-chromium-").FullName;
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", $"--user-data-dir={profile}",
            "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1", url.ToString(),
        })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var browser = new HeadlessChromium(process, profile);
        await browser.AttachAsync();
        return browser;
    }

    /// <summary>Waits (inside the page, up to <paramref name="timeout"/>) until <paramref name="condition"/> is truthy and returns its value as JSON.</summary>
    public async Task<JsonElement> WaitForAsync(string condition, TimeSpan? timeout = null)
    {
        var ms = (int)(timeout ?? TimeSpan.FromSeconds(30)).TotalMilliseconds;
        var expression = $$"""
            new Promise((resolve, reject) => {
              const started = Date.now();
              (function check() {
                let value;
                try { value = ({{condition}}); } catch (e) { value = undefined; }
                if (value) return resolve(value);
                if (Date.now() - started > {{ms}}) return reject(new Error("timed out waiting for: " + {{JsonSerializer.Serialize(condition)}} + "; page: " + document.body.innerText.slice(0, 600)));
                setTimeout(check, 50);
              })();
            })
            """;
        // The first evaluations may race the page's navigation ("Execution context was destroyed"): evaluate again in the new context.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await EvaluateAsync(expression);
            }
            catch (ContextLostException) when (attempt < 50)
            {
            }
        }
    }

    /// <summary>Evaluates <paramref name="expression"/> in the page (awaiting a promise) and returns its value.</summary>
    public async Task<JsonElement> EvaluateAsync(string expression)
    {
        var id = Interlocked.Increment(ref _nextId);
        var request = JsonSerializer.Serialize(new { id, method = "Runtime.evaluate", @params = new { expression, awaitPromise = true, returnByValue = true } });
        await _socket.SendAsync(Encoding.UTF8.GetBytes(request), WebSocketMessageType.Text, true, CancellationToken.None);
        while (true)
        {
            using var message = JsonDocument.Parse(await ReceiveAsync());
            if (!message.RootElement.TryGetProperty("id", out var replyId) || replyId.GetInt32() != id)
            {
                continue;
            }

            if (message.RootElement.TryGetProperty("error", out var protocolError))
            {
                throw protocolError.ToString().Contains("context", StringComparison.OrdinalIgnoreCase)
                    ? new ContextLostException(protocolError.ToString())
                    : new InvalidOperationException($"DevTools error: {protocolError}");
            }

            var result = message.RootElement.GetProperty("result");
            if (result.TryGetProperty("exceptionDetails", out var error))
            {
                throw new InvalidOperationException($"Page evaluation failed: {error}");
            }

            var value = result.GetProperty("result");
            return value.TryGetProperty("value", out var v) ? v.Clone() : default;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // Chromium's helpers may still hold files for a moment; the temp folder is cleaned by the OS.
        }
    }

    /// <summary>The page navigated while an evaluation ran.</summary>
    private sealed class ContextLostException(string message) : Exception(message);

    private async Task AttachAsync()
    {
        // Chromium writes the port it chose to DevToolsActivePort in the profile folder.
        var portFile = Path.Combine(_profile, "DevToolsActivePort");
        using var watcher = new FileSystemWatcher(_profile, "DevToolsActivePort") { EnableRaisingEvents = true };
        var deadline = Stopwatch.StartNew();
        while (!File.Exists(portFile) || new FileInfo(portFile).Length == 0)
        {
            if (_process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new InvalidOperationException("Chromium did not start its DevTools endpoint.");
            }

            watcher.WaitForChanged(WatcherChangeTypes.All, 200);
        }

        var port = (await File.ReadAllLinesAsync(portFile))[0];
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        JsonElement page = default;
        while (page.ValueKind == JsonValueKind.Undefined)
        {
            var targets = await http.GetFromJsonAsync<JsonElement>(new Uri("/json/list", UriKind.Relative));
            page = targets.EnumerateArray().FirstOrDefault(t => t.GetProperty("type").GetString() == "page");
        }

        await _socket.ConnectAsync(new Uri(page.GetProperty("webSocketDebuggerUrl").GetString()!), CancellationToken.None);
    }

    private async Task<string> ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        using var text = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await _socket.ReceiveAsync(buffer, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
            text.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);
        return Encoding.UTF8.GetString(text.ToArray());
    }
}
