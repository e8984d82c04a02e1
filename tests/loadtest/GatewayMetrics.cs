using System.Globalization;

namespace PushGateway.LoadTest;

/// <summary>Reads the managed heap size after the last GC from the gateway's Prometheus endpoint.</summary>
internal static class GatewayMetrics
{
    private const string HeapSize = "dotnet_gc_last_collection_heap_size_bytes";

    /// <summary>Sum over generations of the heap size after the last collection, in bytes; null when unavailable.</summary>
    public static async Task<long?> ManagedHeapAsync(Uri gateway, CancellationToken cancellationToken)
    {
        try
        {
            using var http = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(10) };
            var text = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative), cancellationToken);
            var lines = text.Split('\n').Where(l => l.StartsWith(HeapSize + "{", StringComparison.Ordinal)).ToList();
            return lines.Count == 0 ? null : lines.Sum(l => (long)double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
