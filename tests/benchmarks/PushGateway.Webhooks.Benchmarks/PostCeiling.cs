using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace PushGateway.Webhooks.Benchmarks;

/// <summary>
/// The raw POST ceiling: a bare <see cref="HttpClient"/> posting webhook-shaped bodies to the same receiver with the same
/// concurrency as the gateway. Durable deliveries are reported as a fraction of this, measured in the same run.
/// </summary>
internal static class PostCeiling
{
    private static readonly string Signature = "v1," + Convert.ToBase64String(new byte[32]);

    /// <summary>Rounds measured; the median is reported (one round swung ±30 % from run to run on a quiet machine).</summary>
    public const int Rounds = 3;

    /// <summary>The median of <see cref="Rounds"/> rounds of <paramref name="requests"/> POSTs, with every round's rate.</summary>
    public static async Task<(double Rate, ProcessMeter.Reading Cost, IReadOnlyList<double> Rates)> MeasureAsync(Receiver receiver, int requests, int concurrency)
    {
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue });
        await SendAsync(client, new Uri(receiver.Url), "warmup", 0);
        var rounds = new List<(double Rate, ProcessMeter.Reading Cost)>();
        for (var round = 0; round < Rounds; round++)
        {
            rounds.Add(await MeasureRoundAsync(client, receiver, requests, concurrency));
        }

        var median = rounds.OrderBy(r => r.Rate).ElementAt(Rounds / 2);
        return (median.Rate, median.Cost, rounds.Select(r => r.Rate).ToList());
    }

    private static async Task<(double Rate, ProcessMeter.Reading Cost)> MeasureRoundAsync(HttpClient client, Receiver receiver, int requests, int concurrency)
    {
        receiver.Reset();
        var url = new Uri(receiver.Url);
        var meter = new ProcessMeter();
        var next = -1;
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests)
            {
                await SendAsync(client, url, "ceiling", i);
            }
        });
        await Task.WhenAll(workers);
        return (receiver.Rate, meter.Stop());
    }

    private static async Task SendAsync(HttpClient client, Uri url, string prefix, int i)
    {
        // The same shape and size as a gateway body for one inserted order (the receiver reads data.fullDocument.sentAt).
        var body = string.Create(CultureInfo.InvariantCulture,
            $$$"""{"type":"orders.insert","timestamp":"2026-11-27T09:00:00.000Z","data":{"eventId":"8200000000000000012B0229296E04","operationType":"insert","collection":"bench.orders","documentKey":{"_id":{{{i}}}},"fullDocument":{"_id":{{{i}}},"tenantId":"bench","bucket":0,"sentAt":{{{Stopwatch.GetTimestamp()}}}},"clusterTime":"2026-11-27T09:00:00Z","wallTime":"2026-11-27T09:00:00.000Z","tenantId":"bench"}}""");
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        // The gateway's headers, with values of the same length (a bare client does not sign: that cost is the gateway's).
        request.Headers.TryAddWithoutValidation("User-Agent", "PushGateway-Webhooks/1.0");
        request.Headers.TryAddWithoutValidation("webhook-id", prefix + i.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("webhook-timestamp", "1795703668");
        request.Headers.TryAddWithoutValidation("webhook-signature", Signature);
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }
}
