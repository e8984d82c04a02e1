namespace PushGateway.ChangeStreams;

/// <summary>Exponential backoff with jitter: 0.2 s doubling up to a maximum, reset after a success. Never a hot loop.</summary>
internal sealed class Backoff(TimeSpan maximum)
{
    private static readonly TimeSpan Initial = TimeSpan.FromMilliseconds(200);
    private TimeSpan _next = Initial;

    public TimeSpan Next()
    {
        var current = _next;
        _next = TimeSpan.FromTicks(Math.Min(maximum.Ticks, _next.Ticks * 2));
        // Up to 20% jitter so that several gateways do not retry in lockstep.
        return current + TimeSpan.FromTicks((long)(current.Ticks * 0.2 * Random.Shared.NextDouble()));
    }

    public void Reset() => _next = Initial;
}
