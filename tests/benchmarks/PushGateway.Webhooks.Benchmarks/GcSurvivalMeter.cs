using System.Diagnostics.Tracing;
using System.Globalization;

namespace PushGateway.Webhooks.Benchmarks;

/// <summary>
/// What the GC had to keep over one phase: bytes promoted out of gen0 and out of gen1 (the runtime's <c>GCHeapStats</c>
/// event after every collection) and the number of gen0/gen1 collections. A young-generation GC costs in proportion to
/// what survives it, not to what was allocated, so this tells a backlog that outlives gen0 (a growing queue, a read-ahead,
/// rows held in memory) from plain allocation volume; unlike CPU time it hardly depends on the machine's load.
/// </summary>
internal sealed class GcSurvivalMeter : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private long _promoted0;
    private long _promoted1;
    private long _heapStats;

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Informational, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName?.StartsWith("GCHeapStats", StringComparison.Ordinal) != true || eventData.Payload is null)
        {
            return;
        }

        Interlocked.Add(ref _promoted0, Read(eventData, "TotalPromotedSize0"));
        Interlocked.Add(ref _promoted1, Read(eventData, "TotalPromotedSize1"));
        Interlocked.Increment(ref _heapStats);
    }

    public Snapshot Take() => new(Interlocked.Read(ref _promoted0), Interlocked.Read(ref _promoted1), GC.CollectionCount(0), GC.CollectionCount(1));

    private static long Read(EventWrittenEventArgs e, string name) =>
        e.PayloadNames!.IndexOf(name) is var i and >= 0 ? Convert.ToInt64(e.Payload![i], CultureInfo.InvariantCulture) : 0;

    internal readonly record struct Snapshot(long Promoted0, long Promoted1, int Gen0, int Gen1)
    {
        /// <summary>"promoted: gen0→1 X KB + gen1→2 Y KB per delivery (n gen0, m gen1 GCs)" between two snapshots.</summary>
        public string Since(Snapshot before, int deliveries) => string.Create(CultureInfo.InvariantCulture,
            $"promoted per delivery: gen0→1 {(Promoted0 - before.Promoted0) / 1024.0 / deliveries:0.00} KB, gen1→2 {(Promoted1 - before.Promoted1) / 1024.0 / deliveries:0.00} KB ({Gen0 - before.Gen0} GCs, of them {Gen1 - before.Gen1} gen1+)");
    }
}
