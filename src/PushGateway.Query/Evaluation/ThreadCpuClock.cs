using System.Runtime.InteropServices;

namespace PushGateway.Query.Evaluation;

/// <summary>
/// CPU time consumed by the calling thread (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>), so that an evaluation's time limit
/// counts the work it did, not the time its thread waited for a core on a busy machine. Elsewhere
/// <see cref="IsSupported"/> is false and callers fall back to wall-clock time.
/// </summary>
internal static partial class ThreadCpuClock
{
    private const int ClockThreadCpuTime = 3;

    public static bool IsSupported { get; } = OperatingSystem.IsLinux() && Probe();

    /// <summary>The calling thread's CPU time in nanoseconds (0 when not supported).</summary>
    public static long Now()
    {
        if (!IsSupported || ClockGetTime(ClockThreadCpuTime, out var value) != 0)
        {
            return 0;
        }

        return (value.Seconds * 1_000_000_000) + value.Nanoseconds;
    }

    private static bool Probe()
    {
        try
        {
            return ClockGetTime(ClockThreadCpuTime, out _) == 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clockId, out Timespec value);

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
