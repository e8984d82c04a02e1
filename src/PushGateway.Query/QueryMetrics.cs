using System.Diagnostics.Metrics;

namespace PushGateway.Query;

/// <summary>The query engine's metrics (meter <see cref="MeterName"/>), named in one place.</summary>
public static class QueryMetrics
{
    /// <summary>The meter to enable (e.g. <c>AddMeter(QueryMetrics.MeterName)</c> in OpenTelemetry).</summary>
    public const string MeterName = "PushGateway.Query";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> BudgetExceededCounter = Meter.CreateCounter<long>(
        "pushgateway.query.budget_exceeded",
        unit: "{evaluation}",
        description: "Filter evaluations stopped because they exceeded the filter's evaluation work budget (counted as no match).");

    private static long s_budgetExceeded;

    /// <summary>Evaluations stopped by their work budget since the process started.</summary>
    public static long BudgetExceededTotal => Interlocked.Read(ref s_budgetExceeded);

    internal static void BudgetExceeded()
    {
        Interlocked.Increment(ref s_budgetExceeded);
        BudgetExceededCounter.Add(1);
    }
}
