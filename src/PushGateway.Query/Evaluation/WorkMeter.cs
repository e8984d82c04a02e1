namespace PushGateway.Query.Evaluation;

/// <summary>
/// Counts the work of one filter evaluation on the evaluating thread — array elements visited and characters given
/// to regexes (weighted by the pattern's automaton size) — and stops the evaluation when a filter's
/// <see cref="QueryLimits.MaxEvaluationWork"/> is spent. Thread-static, so the matchers need no extra argument and
/// the unmetered path (the embedded server's queries) pays one thread-local read per charge.
/// </summary>
internal static class WorkMeter
{
    [ThreadStatic]
    private static long t_remaining;

    [ThreadStatic]
    private static bool t_active;

    public static void Charge(long units)
    {
        if (t_active && (t_remaining -= units) < 0)
        {
            throw new WorkBudgetExceededException();
        }
    }

    /// <summary>Ends a metered evaluation as over budget (a regex match timed out); outside one, the caller's no-match stands.</summary>
    public static void Exhaust()
    {
        if (t_active)
        {
            throw new WorkBudgetExceededException();
        }
    }

    /// <summary>Runs <paramref name="matcher"/> with a budget; restores the caller's meter (evaluations may nest).</summary>
    public static MatchOutcome Run(DocumentMatcher matcher, MongoDB.Bson.BsonDocument document, long budget)
    {
        var (savedRemaining, savedActive) = (t_remaining, t_active);
        (t_remaining, t_active) = (budget, true);
        try
        {
            return matcher.Matches(document) ? MatchOutcome.Match : MatchOutcome.NoMatch;
        }
        catch (WorkBudgetExceededException)
        {
            QueryMetrics.BudgetExceeded();
            return MatchOutcome.BudgetExceeded;
        }
        finally
        {
            (t_remaining, t_active) = (savedRemaining, savedActive);
        }
    }
}
