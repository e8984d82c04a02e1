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

    [ThreadStatic]
    private static bool t_timedOut;

    // The shared budget whose time limit a metered evaluation obeys (null: none); checked only after expensive steps.
    [ThreadStatic]
    private static EvaluationBudget? t_timeBudget;

    public static void Charge(long units)
    {
        if (t_active && (t_remaining -= units) < 0)
        {
            throw new WorkBudgetExceededException();
        }
    }

    /// <summary>After an expensive step (a regex match): true when a metered evaluation's time limit has passed.</summary>
    public static bool DeadlinePassed()
    {
        if (t_active && t_timeBudget is { } budget && budget.TimeIsUp)
        {
            budget.TimeExhausted = true;
            return true;
        }

        return false;
    }

    /// <summary>Ends a metered evaluation as over budget (a regex match timed out); outside one, the caller's no-match stands.</summary>
    public static void Exhaust()
    {
        if (t_active)
        {
            t_timedOut = true;
            throw new WorkBudgetExceededException();
        }
    }

    /// <summary>
    /// Runs <paramref name="matcher"/> with a budget and reports the work <paramref name="used"/> (all of any shared
    /// budget after a regex timeout); restores the caller's meter (evaluations may nest).
    /// </summary>
    public static MatchOutcome Run(DocumentMatcher matcher, MongoDB.Bson.BsonDocument document, long budget, out long used, EvaluationBudget? timeBudget = null)
    {
        var (savedRemaining, savedActive, savedTimedOut, savedTimeBudget) = (t_remaining, t_active, t_timedOut, t_timeBudget);
        (t_remaining, t_active, t_timedOut, t_timeBudget) = (budget, true, false, timeBudget);
        try
        {
            return matcher.Matches(document) ? MatchOutcome.Match : MatchOutcome.NoMatch;
        }
        catch (WorkBudgetExceededException)
        {
            t_remaining = -1;
            QueryMetrics.BudgetExceeded();
            return MatchOutcome.BudgetExceeded;
        }
        finally
        {
            // A regex that ran into its wall-clock timeout spent time the units could not foresee: it uses up a shared
            // budget entirely, so one tenant's event can hit at most one such timeout.
            used = t_timedOut ? long.MaxValue / 2 : t_remaining < 0 ? budget : budget - t_remaining;
            (t_remaining, t_active, t_timedOut, t_timeBudget) = (savedRemaining, savedActive, savedTimedOut, savedTimeBudget);
        }
    }
}
