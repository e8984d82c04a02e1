using System.Globalization;
using System.Runtime;

namespace PushGateway.Webhooks.Benchmarks;

/// <summary>Just-in-time compilation over one phase: methods compiled (tier-ups included) and the time spent compiling.</summary>
internal sealed class JitMeter
{
    private readonly long _methods = JitInfo.GetCompiledMethodCount();
    private readonly TimeSpan _time = JitInfo.GetCompilationTime();

    public static JitMeter Start() => new();

    /// <summary>Waits (at most 10 s) until no method has been compiled for a second.</summary>
    public static async Task WaitUntilIdleAsync()
    {
        var last = JitInfo.GetCompiledMethodCount();
        var quiet = 0;
        for (var i = 0; i < 40 && quiet < 4; i++)
        {
            await Task.Delay(250);
            var now = JitInfo.GetCompiledMethodCount();
            quiet = now == last ? quiet + 1 : 0;
            last = now;
        }
    }

    public Reading Stop() => new(JitInfo.GetCompiledMethodCount() - _methods, JitInfo.GetCompilationTime() - _time);

    /// <summary>The time is the compiler's wall time on all threads (on a busy machine it includes time descheduled).</summary>
    internal sealed record Reading(long Methods, TimeSpan Time)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"JIT: {Methods} methods compiled, {Time.TotalMilliseconds:0} ms");
    }
}
