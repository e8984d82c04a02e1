using System.Diagnostics.Metrics;
using OpenTelemetry.Metrics;

namespace PushGateway.Observability;

/// <summary>
/// Bucket boundaries that fit each gateway histogram's unit: the SDK's defaults (0 to 10,000) suit milliseconds only,
/// so a histogram in seconds would put every value in its first buckets.
/// </summary>
internal static class MetricBuckets
{
    /// <summary>5 ms to 1 hour: webhook POSTs (timeout 15 s by default) and delivery latency, retries included.</summary>
    public static readonly double[] Seconds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30, 60, 300, 900, 3600];

    /// <summary>1 ms to 1 minute: change-stream batches and realtime lag.</summary>
    public static readonly double[] Milliseconds = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000, 60_000];

    /// <summary>The view for one instrument: the gateway's own histograms get buckets by unit; others keep theirs.</summary>
    public static MetricStreamConfiguration? For(Instrument instrument)
    {
        if (instrument.Meter.Name != GatewayMeter.Name || instrument is not Histogram<double>)
        {
            return null;
        }

        return instrument.Unit switch
        {
            "s" => new ExplicitBucketHistogramConfiguration { Boundaries = Seconds },
            "ms" => new ExplicitBucketHistogramConfiguration { Boundaries = Milliseconds },
            _ => null,
        };
    }
}
