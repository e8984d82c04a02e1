namespace PushGateway.EmbeddedMongo.Benchmarks;

/// <summary>Collects latency samples (milliseconds) and reports percentiles.</summary>
internal sealed class LatencyHistogram
{
    private readonly List<double> _samples = [];
    private readonly Lock _sync = new();

    public int Count
    {
        get
        {
            lock (_sync)
            {
                return _samples.Count;
            }
        }
    }

    public void Add(double milliseconds)
    {
        lock (_sync)
        {
            _samples.Add(milliseconds);
        }
    }

    public double Percentile(double p)
    {
        lock (_sync)
        {
            if (_samples.Count == 0)
            {
                return double.NaN;
            }

            var sorted = _samples.Order().ToList();
            var index = (int)Math.Ceiling(p / 100.0 * sorted.Count) - 1;
            return sorted[Math.Clamp(index, 0, sorted.Count - 1)];
        }
    }
}
