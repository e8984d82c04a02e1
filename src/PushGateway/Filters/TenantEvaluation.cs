using PushGateway.Query;

namespace PushGateway.Filters;

/// <summary>
/// One tenant's filters on one event: the shared <see cref="Budget"/>, and on dispose the time spent under it is charged
/// to the tenant's bucket (<c>using var evaluation = clock.Begin(tenant);</c>).
/// </summary>
internal readonly record struct TenantEvaluation(TenantFilterClock.Bucket Bucket, EvaluationBudget Budget) : IDisposable
{
    /// <summary>Charges the time spent under the budget (the thread's CPU time where known) to the tenant.</summary>
    public void Dispose() => Bucket.Charge(Budget.Spent);
}
