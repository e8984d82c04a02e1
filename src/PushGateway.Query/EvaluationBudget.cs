using System.Diagnostics;

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
public sealed class EvaluationBudget(long units, TimeSpan? maxTime = null)
{
    private readonly long _deadline = maxTime is { } t ? Stopwatch.GetTimestamp() + (long)(t.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;

    /// <summary>Units left (see <see cref="QueryLimits.MaxEvaluationWork"/>); at or below 0, evaluations stop at once.</summary>
    public long Remaining { get; internal set; } = units;

    /// <summary>The <see cref="Stopwatch"/> timestamp after which evaluations stop (<see cref="long.MaxValue"/>: no time limit).</summary>
    internal long Deadline => _deadline;

    /// <summary>True when the time limit has passed.</summary>
    internal bool TimeIsUp => _deadline != long.MaxValue && Stopwatch.GetTimestamp() > _deadline;
}
