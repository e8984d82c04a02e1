using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace PushGateway.LoadTest;

/// <summary>
/// The gateway's live managed heap after a full, blocking GC: <c>dotnet-gcdump collect</c> forces one and the dump
/// lists every live object. Null when the tool is not installed (<c>dotnet tool install -g dotnet-gcdump</c>).
/// </summary>
internal static partial class LiveHeap
{
    /// <summary>Forces a full GC in <paramref name="pid"/> and returns its live heap; the whole report is saved to <paramref name="reportPath"/>.</summary>
    public static async Task<(long Bytes, string TopTypes)?> MeasureAsync(int pid, string reportPath, CancellationToken cancellationToken)
    {
        var tool = Find();
        if (pid <= 0 || tool is null)
        {
            return null;
        }

        var file = Path.Combine(Path.GetTempPath(), $"pushgateway-{pid}-{Guid.NewGuid():N}.gcdump");
        try
        {
            if (await RunAsync(tool, $"collect -p {pid} -o {file}", cancellationToken) is null || !File.Exists(file))
            {
                return null;
            }

            var report = await RunAsync(tool, $"report {file}", cancellationToken);
            var total = report is null ? null : TotalLine().Match(report);
            if (total is null || !total.Success)
            {
                return null;
            }

            await File.WriteAllTextAsync(reportPath, report, cancellationToken);
            var top = string.Join(Environment.NewLine, report!.Split('\n').SkipWhile(l => !l.Contains("Object Bytes", StringComparison.Ordinal)).Take(11).Select(l => "    " + l.TrimEnd()));
            return (long.Parse(total.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture), top);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string? Find()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Append(Path.Combine(home, ".dotnet", "tools"))
            .Select(d => Path.Combine(d, "dotnet-gcdump"));
        return candidates.FirstOrDefault(File.Exists);
    }

    private static async Task<string?> RunAsync(string tool, string arguments, CancellationToken cancellationToken)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, arguments) { RedirectStandardOutput = true, RedirectStandardError = true });
        if (process is null)
        {
            return null;
        }

        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return process.ExitCode == 0 ? output : null;
    }

    // "  12,345,678  GC Heap bytes" (total line of the report).
    [GeneratedRegex(@"([\d,]+)\s+GC Heap bytes")]
    private static partial Regex TotalLine();
}
