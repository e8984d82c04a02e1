using PushGateway.Query;

namespace PushGateway.Filters;

/// <summary>
/// How every gateway entry point (hub <c>Subscribe</c>, webhook create/update, <c>/api/filters/validate</c>) parses a
/// client's filter text: the query engine with <see cref="QueryLimits.Untrusted"/> (so one tenant's filter cannot
/// hold up other tenants' events), plus <see cref="FilterHints"/>.
/// </summary>
internal static class GatewayFilter
{
    /// <summary>
    /// Work all of one tenant's hub filters may do on one event together (units of
    /// <see cref="QueryLimits.MaxEvaluationWork"/>; about 10 ms of CPU at worst): 1,000,000. Filters evaluated after
    /// it is spent count as no match for that event.
    /// </summary>
    public const long TenantWorkPerEvent = 1_000_000;

    /// <summary>
    /// CPU time all of one tenant's filters may take on one event together: 50 ms. Units cannot foresee every pattern
    /// (some accepted regexes build automaton states far beyond their charge: <c>tests/loadtest/LOADTEST.md</c>,
    /// "Noisy neighbour"), so the time bounds what the units miss. It is the evaluating thread's CPU time (see
    /// <see cref="EvaluationBudget"/>), and generous enough for a legitimate tenant's first, cold (JIT-compiling)
    /// evaluation: a filter cut off by it silently misses the event. Other tenants do not wait for it (their own lanes);
    /// <see cref="TenantFilterClock"/> bounds what a tenant spends per second.
    /// </summary>
    public static readonly TimeSpan TenantTimePerEvent = TimeSpan.FromMilliseconds(50);

    /// <summary>A fresh budget for all of one tenant's filters on one event.</summary>
    public static EvaluationBudget NewTenantBudget() => new(TenantWorkPerEvent, TenantTimePerEvent);

    /// <summary>The limits for client filters.</summary>
    public static QueryLimits Limits => QueryLimits.Untrusted;

    /// <summary>Parses <paramref name="text"/> (MQL JSON or SQL; blank = match all). Never throws for any input.</summary>
    public static FilterParseResult Parse(string? text) => FilterText.Parse(text ?? "", Limits);

    /// <summary>Warnings for a parsed filter (see <see cref="FilterHints"/>).</summary>
    public static IReadOnlyList<string> Warnings(Filter filter) => FilterHints.For(filter);
}
