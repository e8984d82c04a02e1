namespace PushGateway.Query;

/// <summary>The outcome of <see cref="Filter.Evaluate"/>.</summary>
public enum MatchOutcome
{
    /// <summary>The document does not satisfy the filter.</summary>
    NoMatch,

    /// <summary>The document satisfies the filter.</summary>
    Match,

    /// <summary>
    /// The evaluation examined more than <see cref="QueryLimits.MaxEvaluationWork"/> allows and was stopped; it counts
    /// as no match (a filter never matches by default) and is counted in the <c>pushgateway.query.budget_exceeded</c> metric.
    /// </summary>
    BudgetExceeded,
}
