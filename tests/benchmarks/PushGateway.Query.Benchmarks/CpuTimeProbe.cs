using System.Runtime.InteropServices;

namespace PushGateway.Query.Benchmarks;

/// <summary>
/// Measures the filter evaluations in thread CPU time (CLOCK_THREAD_CPUTIME_ID) instead of wall
/// time: on a machine shared with other work, time spent descheduled is excluded, so the figure
/// approximates a quiet machine. Linux only; run with <c>-- --cpu-time</c>.
/// </summary>
internal static class CpuTimeProbe
{
    private const int ThreadCpuClock = 3;
    private const int Iterations = 2_000_000;

    public static void Run()
    {
        var benchmarks = new FilterEvaluationBenchmarks();
        benchmarks.Setup();
        Measure("Simple", benchmarks.Simple);
        Measure("Complex", benchmarks.Complex);
        Measure("Regex", benchmarks.Regex);
    }

    private static void Measure(string name, Func<bool> operation)
    {
        for (var i = 0; i < 200_000; i++)
        {
            operation();
        }

        var best = double.MaxValue;
        var allocated = 0L;
        for (var round = 0; round < 7; round++)
        {
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var start = ThreadCpuNanoseconds();
            for (var i = 0; i < Iterations; i++)
            {
                operation();
            }

            best = Math.Min(best, (ThreadCpuNanoseconds() - start) / Iterations);
            allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        }

        Console.WriteLine($"{name,-8} best of 7 x {Iterations:N0}: {best,7:F1} ns/op thread CPU, {allocated / (double)Iterations:F2} B/op");
    }

    internal static double ThreadCpuNanoseconds()
    {
        var time = new long[2];
        _ = NativeMethods.clock_gettime(ThreadCpuClock, time);
        return (time[0] * 1e9) + time[1];
    }

    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "clock_gettime")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int clock_gettime(int clock, long[] time);
    }
}
