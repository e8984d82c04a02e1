using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace PushGateway.Webhooks.Benchmarks;

/// <summary>
/// <c>--jit-methods</c>: records which methods the runtime compiles (the runtime's method-load events) and at which tier,
/// to tell start-up compilation, tier-up and code generated at run time apart.
/// </summary>
internal sealed class JitSampler : EventListener
{
    private const EventKeywords JitKeyword = (EventKeywords)0x10;
    private readonly ConcurrentDictionary<string, int> _methods = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _areas = new(StringComparer.Ordinal);
    private volatile bool _on;

    public void Start()
    {
        _methods.Clear();
        _areas.Clear();
        _on = true;
    }

    public void Stop() => _on = false;

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, JitKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!_on || eventData.EventName?.StartsWith("MethodLoadVerbose", StringComparison.Ordinal) != true || eventData.Payload is null)
        {
            return;
        }

        string Field(string name) => eventData.PayloadNames!.IndexOf(name) is var i and >= 0 ? eventData.Payload[i]?.ToString() ?? "" : "";
        var type = Field("MethodNamespace");
        var key = $"{type}::{Field("MethodName")}";
        _methods.AddOrUpdate(key, 1, (_, n) => n + 1);
        var area = string.Join('.', type.Split('.', 3).Take(2));
        _areas.AddOrUpdate(area, 1, (_, n) => n + 1);
    }

    public string Top(int count) =>
        $"  {_methods.Values.Sum()} compilations of {_methods.Count} methods; by namespace: " +
        string.Join(", ", _areas.OrderByDescending(e => e.Value).Take(15).Select(e => $"{e.Key} {e.Value}")) + Environment.NewLine +
        string.Join(Environment.NewLine, _methods.OrderByDescending(e => e.Value).ThenBy(e => e.Key, StringComparer.Ordinal).Take(count).Select(e => $"  {e.Value,5}  {e.Key}"));
}
