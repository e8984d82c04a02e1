namespace PushGateway.Webhooks.Delivery;

/// <summary>
/// How many rows per second this instance's worker has shown it can start: the best rate of a recent quarter-second
/// window, halving per minute without a better one. Sizes how many rows the outbox may lease to this instance at insert
/// (<see cref="DeliveryHandoff"/>); short windows, so that the first burst after a start is measured within its first
/// quarter second of draining. Not thread-safe: the handoff calls it under its lock.
/// </summary>
internal sealed class DrainRate(TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(250);
    private long _windowStart = long.MinValue;
    private long _rows;
    private double _rate;

    /// <summary>Rows per second (0 until a first window has ended).</summary>
    public double PerSecond => _rate;

    /// <summary>The worker started <paramref name="rows"/> rows (0 when it found none: idle time counts too).</summary>
    public void Record(int rows)
    {
        var now = time.GetTimestamp();
        if (_windowStart == long.MinValue)
        {
            _windowStart = now;
        }

        _rows += rows;
        var elapsed = time.GetElapsedTime(_windowStart, now);
        if (elapsed < Window)
        {
            return;
        }

        var measured = _rows / elapsed.TotalSeconds;
        _rate = Math.Max(measured, _rate * Math.Pow(0.5, elapsed.TotalMinutes));
        _windowStart = now;
        _rows = 0;
    }
}
