using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using PushGateway.Testing;
using PushGateway.Tests.Webhooks;

namespace PushGateway.Tests.Hosting;

/// <summary>
/// The built gateway run as a process with a broken configuration: it must exit with code 1 after printing one line
/// that names the setting to fix: no stack trace, no SIGABRT, no error logs repeating it.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class StartupFailureTests(MongoTarget mongo)
{
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(60);

    public static TheoryData<string, string, string> BrokenSettings => new()
    {
        { "Auth__SigningKey", "", "Auth:SigningKey is not set" },
        { "Auth__SigningKey", "too-short", "Auth:SigningKey is too short" },
        { "Mongo__ConnectionString", "mongodb://user:pa55word@host:notaport", "Mongo:ConnectionString is not a valid MongoDB connection string" },
        { "Gateway__Watch__0__Collection", "", "Gateway:Watch:0:Collection must be a collection name" },
        { "Gateway__Watch__0__FullDocument", "maybe", "'Gateway:Watch:0:FullDocument'" },
        { "Gateway__BatchSize", "0", "Gateway:BatchSize" },
        { "Mongo__Database", "bad/name", "Mongo:Database must be a valid MongoDB database name" },
    };

    [SkippableTheory]
    [MemberData(nameof(BrokenSettings))]
    public async Task Start_BrokenSetting_OneLineNamingItAndExitCode1(string key, string value, string expected)
    {
        var result = await RunAsync(new Dictionary<string, string> { [key] = value }, FreePort());

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.StandardError);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("pa55word", line, StringComparison.Ordinal);
        AssertNoStackTraceOrErrorLogs(result);
    }

    [SkippableFact]
    public async Task Start_PortInUse_OneLineNamingTheAddressAndExitCode1()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;

        var result = await RunAsync([], port);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.StandardError);
        Assert.Contains($"127.0.0.1:{port}", line, StringComparison.Ordinal);
        Assert.Contains("address already in use", line, StringComparison.Ordinal);
        Assert.Contains("ASPNETCORE_URLS", line, StringComparison.Ordinal);
        AssertNoStackTraceOrErrorLogs(result);
    }

    [SkippableFact]
    public async Task Start_EmbeddedMongoPortInUse_OneLineNamingTheSettingAndExitCode1()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;

        var result = await RunAsync(new Dictionary<string, string> { ["Mongo__ConnectionString"] = "", ["EmbeddedMongo__Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Mongo__AllowEmbeddedInProduction"] = "true" }, FreePort());

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.StandardError);
        Assert.Contains($"port {port}", line, StringComparison.Ordinal);
        Assert.Contains("EmbeddedMongo:Port", line, StringComparison.Ordinal);
        AssertNoStackTraceOrErrorLogs(result);
    }

    private static void AssertNoStackTraceOrErrorLogs(ProcessResult result)
    {
        var all = result.StandardOutput.Concat(result.StandardError).ToList();
        Assert.DoesNotContain(all, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal) || l.Contains("Unhandled exception", StringComparison.Ordinal));
        // Production logs are JSON lines: no Error or Critical entry may repeat the failure.
        Assert.DoesNotContain(all, l => l.Contains("\"LogLevel\":\"Error\"", StringComparison.Ordinal) || l.Contains("\"LogLevel\":\"Critical\"", StringComparison.Ordinal));
    }

    private async Task<ProcessResult> RunAsync(Dictionary<string, string> overrides, int port)
    {
        var dll = GatewayProcess.Locate();
        Skip.If(dll is null, "The built PushGateway.dll is not next to the test assembly.");
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll },
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Mongo__ConnectionString"] = mongo.ConnectionString,
            ["Mongo__Database"] = MongoTarget.NewDatabaseName("gw"),
            ["Auth__SigningKey"] = GatewayFactory.SigningKey,
            ["Gateway__Watch__0__Database"] = MongoTarget.NewDatabaseName("st"),
            ["Gateway__Watch__0__Collection"] = "orders",
        };
        foreach (var (key, value) in overrides)
        {
            environment[key] = value;
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ExitWait);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"The gateway did not exit within {ExitWait}: {await output}");
        }

        return new ProcessResult(process.ExitCode, Lines(await output), Lines(await error));
    }

    private static List<string> Lines(string text) => [.. text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0)];

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed record ProcessResult(int ExitCode, List<string> StandardOutput, List<string> StandardError);
}
