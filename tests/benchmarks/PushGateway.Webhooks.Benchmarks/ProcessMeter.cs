using System.Diagnostics;
using System.Globalization;

namespace PushGateway.Webhooks.Benchmarks;

/// <summary>Process-wide costs over one measured phase: CPU, managed allocations, GC pause time, and the load average.</summary>
internal sealed class ProcessMeter
{
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly TimeSpan _cpu = Process.GetCurrentProcess().TotalProcessorTime;
    private readonly long _allocated = GC.GetTotalAllocatedBytes(precise: true);
    private readonly TimeSpan _paused = GC.GetTotalPauseDuration();
    private readonly int _gen2 = GC.CollectionCount(2);

    public string LoadBefore { get; } = LoadAverage();

    public Reading Stop() => new(
        Stopwatch.GetElapsedTime(_started),
        Process.GetCurrentProcess().TotalProcessorTime - _cpu,
        GC.GetTotalAllocatedBytes(precise: true) - _allocated,
        GC.GetTotalPauseDuration() - _paused,
        GC.CollectionCount(2) - _gen2,
        LoadBefore,
        LoadAverage());

    /// <summary>The 1-minute load average (<c>/proc/loadavg</c>), or "?" where there is none.</summary>
    public static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "?";
        }
        catch (UnauthorizedAccessException)
        {
            return "?";
        }
    }

    internal sealed record Reading(TimeSpan Wall, TimeSpan Cpu, long AllocatedBytes, TimeSpan GcPause, int Gen2, string LoadBefore, string LoadAfter)
    {
        public double GcPauseShare => Wall > TimeSpan.Zero ? GcPause / Wall : 0;

        public string Load => string.Create(CultureInfo.InvariantCulture, $"{LoadBefore}→{LoadAfter}");
    }
}
