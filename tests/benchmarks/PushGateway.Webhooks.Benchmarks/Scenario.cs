namespace PushGateway.Webhooks.Benchmarks;

/// <summary>
/// One run: <paramref name="Subscriptions"/> webhooks; events written at <paramref name="EventsPerSecond"/> (0 = as fast as
/// possible) for <paramref name="Events"/> events; with <paramref name="FanOut"/> every subscription matches every event,
/// otherwise each event matches exactly one subscription (through its filter). Bursts are also measured against the raw
/// POST ceiling (same receiver, same concurrency).
/// </summary>
internal sealed record Scenario(string Name, int Subscriptions, int EventsPerSecond, int Events, bool FanOut)
{
    public int ExpectedDeliveries => FanOut ? Events * Subscriptions : Events;

    public bool IsBurst => EventsPerSecond == 0;
}
