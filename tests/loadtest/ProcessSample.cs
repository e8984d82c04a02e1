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
    /// CPU time of each of the runtime's tiered-compilation (JIT) background threads, by thread id, from
    /// /proc/&lt;pid&gt;/task/*/comm (".NET Tiered Com"); null when unreadable. The runtime ends that thread when it is
    /// idle and starts a new one later, so compare two readings with <see cref="JitCpuBetween"/>.
    /// </summary>
    public static Dictionary<string, TimeSpan>? JitThreadCpu(int pid)
    {
        var tasks = $"/proc/{pid}/task";
        if (pid <= 0 || !Directory.Exists(tasks))
        {
            return null;
        }

        var threads = new Dictionary<string, TimeSpan>();
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
                var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                threads[Path.GetFileName(task)] = TimeSpan.FromSeconds(ticks / ClockTicksPerSecond);
            }
            catch (IOException)
            {
                // The thread ended meanwhile.
            }
        }

        return threads;
    }

    /// <summary>
    /// JIT thread CPU used between two readings: each thread alive at the end, less what it had at the start (a thread
    /// started meanwhile counts whole). A JIT thread that ended during the phase is not counted, so this is a lower bound.
    /// </summary>
    public static TimeSpan JitCpuBetween(Dictionary<string, TimeSpan> before, Dictionary<string, TimeSpan> after) =>
        after.Aggregate(TimeSpan.Zero, (sum, thread) => sum + thread.Value - before.GetValueOrDefault(thread.Key));

    /// <summary>Average CPU use between two samples, in percent of one core.</summary>
    public static double CpuPercent(ProcessSample from, ProcessSample to) =>
        100 * (to.Cpu - from.Cpu).TotalSeconds / (to.At - from.At).TotalSeconds;
}
