using System.Diagnostics;
using PushGateway.Query.Evaluation;

namespace PushGateway.Query;

/// <summary>
/// Work shared by several evaluations, e.g. all of one tenant's filters on one event, so that the number of filters a
/// tenant holds cannot multiply what its events cost everyone else. Not thread-safe: one per evaluating loop.
/// </summary>
/// <remarks>
/// Units bound the work that can be foreseen (array elements, regex input); <paramref name="maxTime"/> bounds what
/// cannot: some accepted patterns (<c>.*a.{30}</c>-style) build automaton states far beyond their unit charge. Once
/// the time is spent, the remaining evaluations stop as over budget, so one event of one tenant costs at most that
/// time plus one regex match (itself bounded by its match timeout).
/// </remarks>
public sealed class EvaluationBudget
{
    private readonly long _limitNanoseconds;
    private readonly long _startTimestamp = Stopwatch.GetTimestamp();
    private readonly long _startCpu = ThreadCpuClock.Now();
    private long _deadline;

    /// <param name="units">Work units (see <see cref="QueryLimits.MaxEvaluationWork"/>).</param>
    /// <param name="maxTime">
    /// Time all evaluations under this budget may take together: CPU time of the evaluating thread where the platform
    /// tells it (Linux), else wall-clock time. The budget must be used on the thread that created it.
    /// </param>
    public EvaluationBudget(long units, TimeSpan? maxTime = null)
    {
        Remaining = units;
        _limitNanoseconds = maxTime is { } t ? (long)(t.TotalMilliseconds * 1_000_000) : long.MaxValue;
        _deadline = maxTime is { } limit ? _startTimestamp + (long)(limit.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;
    }

    /// <summary>Units left (see <see cref="QueryLimits.MaxEvaluationWork"/>); at or below 0, evaluations stop at once.</summary>
    public long Remaining { get; internal set; }

    /// <summary>Time spent under this budget so far: the thread's CPU time where known, else wall-clock time.</summary>
    public TimeSpan Spent => ThreadCpuClock.IsSupported
        ? TimeSpan.FromTicks((ThreadCpuClock.Now() - _startCpu) / 100)
        : Stopwatch.GetElapsedTime(_startTimestamp);

    /// <summary>
    /// Set once a regex step found the time limit spent: later evaluations under this budget stop at once. Only regex
    /// steps consult the time (their cost is what units cannot foresee); filters without a regex are bounded by units,
    /// so a thread paused for JIT compilation or a busy core never cuts them off.
    /// </summary>
    internal bool TimeExhausted { get; set; }

    /// <summary>True when the budget has a time limit.</summary>
    internal bool HasTimeLimit => _deadline != long.MaxValue;

    /// <summary>
    /// True when the time limit is spent. The wall clock is the cheap first check: only once it has passed is the
    /// thread's CPU time read, and while CPU time is left (the thread waited for a core) the wall deadline moves on.
    /// </summary>
    internal bool TimeIsUp
    {
        get
        {
            if (_deadline == long.MaxValue)
            {
                return false;
            }

            var now = Stopwatch.GetTimestamp();
            if (now <= _deadline)
            {
                return false;
            }

            if (!ThreadCpuClock.IsSupported)
            {
                return true;
            }

            var left = _limitNanoseconds - (ThreadCpuClock.Now() - _startCpu);
            if (left <= 0)
            {
                return true;
            }

            _deadline = now + (long)(left / 1e9 * Stopwatch.Frequency) + 1;
            return false;
        }
    }
}
