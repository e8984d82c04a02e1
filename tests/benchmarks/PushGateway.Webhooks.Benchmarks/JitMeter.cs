using System.Globalization;
using System.Runtime;

namespace PushGateway.Webhooks.Benchmarks;

/// <summary>Just-in-time compilation over one phase: methods compiled (tier-ups included) and the time spent compiling.</summary>
internal sealed class JitMeter
{
    private readonly long _methods = JitInfo.GetCompiledMethodCount();
    private readonly TimeSpan _time = JitInfo.GetCompilationTime();

    public static JitMeter Start() => new();

    public Reading Stop() => new(JitInfo.GetCompiledMethodCount() - _methods, JitInfo.GetCompilationTime() - _time);

    /// <summary>The time is the compiler's wall time on all threads (on a busy machine it includes time descheduled).</summary>
    internal sealed record Reading(long Methods, TimeSpan Time)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"JIT: {Methods} methods compiled, {Time.TotalMilliseconds:0} ms");
    }
}
