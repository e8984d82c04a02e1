using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace PushGateway.Webhooks.Benchmarks;

/// <summary>
/// <c>--alloc-types</c>: samples the runtime's allocation ticks (one per ~100 KB allocated) and reports which types
/// the process allocates most, to find where allocated bytes per delivery go.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<string, long> _bytes = new(StringComparer.Ordinal);

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || eventData.Payload is null)
        {
            return;
        }

        var type = eventData.PayloadNames!.IndexOf("TypeName") is var t and >= 0 ? eventData.Payload[t] as string ?? "?" : "?";
        var amount = eventData.PayloadNames.IndexOf("AllocationAmount64") is var a and >= 0 ? Convert.ToInt64(eventData.Payload[a], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
        _bytes.AddOrUpdate(type, amount, (_, n) => n + amount);
    }

    public string Top(int count)
    {
        var total = Math.Max(1, _bytes.Values.Sum());
        return string.Join(Environment.NewLine, _bytes.OrderByDescending(e => e.Value).Take(count)
            .Select(e => $"  {e.Value * 100.0 / total,5:0.0}%  {e.Key}"));
    }
}
