using System.Globalization;

namespace PushGateway.LoadTest;

/// <summary>CPU time and resident memory of a process, read from /proc (Linux).</summary>
internal sealed record ProcessSample(TimeSpan Cpu, long RssBytes, DateTimeOffset At)
{
    private const double ClockTicksPerSecond = 100; // USER_HZ on Linux

    public static ProcessSample? Read(int pid)
    {
        if (pid <= 0 || !File.Exists($"/proc/{pid}/stat"))
        {
            return null;
        }

        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        var rssLine = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        var rssKb = long.Parse(rssLine.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return new ProcessSample(TimeSpan.FromSeconds(ticks / ClockTicksPerSecond), rssKb * 1024, DateTimeOffset.UtcNow);
    }

    /// <summary>
    /// CPU time of the runtime's tiered-compilation (JIT) background thread(s), from /proc/&lt;pid&gt;/task/*/comm
    /// (".NET Tiered Com"); null when unreadable.
    /// </summary>
    public static TimeSpan? JitThreadCpu(int pid)
    {
        var tasks = $"/proc/{pid}/task";
        if (pid <= 0 || !Directory.Exists(tasks))
        {
            return null;
        }

        long ticks = 0;
        foreach (var task in Directory.EnumerateDirectories(tasks))
        {
            try
            {
                if (!File.ReadAllText(Path.Combine(task, "comm")).StartsWith(".NET Tiered", StringComparison.Ordinal))
                {
                    continue;
                }

                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // The thread ended meanwhile.
            }
        }

        return TimeSpan.FromSeconds(ticks / ClockTicksPerSecond);
    }

    /// <summary>Average CPU use between two samples, in percent of one core.</summary>
    public static double CpuPercent(ProcessSample from, ProcessSample to) =>
        100 * (to.Cpu - from.Cpu).TotalSeconds / (to.At - from.At).TotalSeconds;
}
