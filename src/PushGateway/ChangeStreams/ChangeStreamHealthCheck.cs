using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace PushGateway.ChangeStreams;

/// <summary>
/// Readiness of the change streams: Healthy when every watched collection has a running cursor; Degraded while
/// a cursor is retrying (first failures) or shortly after history was lost; Unhealthy when a cursor has not
/// opened yet, keeps failing, or was halted, or when it needs pre- and post-images that are off.
/// </summary>
internal sealed class ChangeStreamHealthCheck(ChangeStreamStatus status, IOptions<GatewayOptions> options, TimeProvider timeProvider) : IHealthCheck
{
    private const int UnhealthyAfterFailures = 3;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow();
        var degradedFor = TimeSpan.FromSeconds(options.Value.HistoryLostDegradedSeconds);
        var unhealthy = new List<string>();
        var degraded = new List<string>();
        foreach (var c in status.Snapshot())
        {
            if (c.ImagesProblem is { } problem)
            {
                unhealthy.Add($"{c.Collection}: {problem}");
            }

            switch (c.State)
            {
                case WatchState.Starting or WatchState.Halted:
                case WatchState.Retrying when c.ConsecutiveFailures >= UnhealthyAfterFailures:
                    unhealthy.Add($"{c.Collection}: {c.State.ToString().ToLowerInvariant()}{(c.Error is null ? "" : $" ({c.Error})")}");
                    break;
                case WatchState.Retrying:
                    degraded.Add($"{c.Collection}: retrying ({c.Error})");
                    break;
                default:
                    if (c.HistoryLostAt is { } lost && now - lost < degradedFor)
                    {
                        degraded.Add($"{c.Collection}: change-stream history was lost at {lost:O}; restarted from now");
                    }

                    break;
            }
        }

        var result = unhealthy.Count > 0
            ? HealthCheckResult.Unhealthy(string.Join("; ", unhealthy.Concat(degraded)))
            : degraded.Count > 0
                ? HealthCheckResult.Degraded(string.Join("; ", degraded))
                : HealthCheckResult.Healthy($"{status.OpenCursors} change-stream cursor(s) open");
        return Task.FromResult(result);
    }
}
