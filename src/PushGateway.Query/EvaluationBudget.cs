namespace PushGateway.Query;

/// <summary>
/// Work shared by several evaluations, e.g. all of one tenant's filters on one event, so that the number of filters a
/// tenant holds cannot multiply what its events cost everyone else. Not thread-safe: one per evaluating loop.
/// </summary>
public sealed class EvaluationBudget(long units)
{
    /// <summary>Units left (see <see cref="QueryLimits.MaxEvaluationWork"/>); at or below 0, evaluations stop at once.</summary>
    public long Remaining { get; internal set; } = units;
}
