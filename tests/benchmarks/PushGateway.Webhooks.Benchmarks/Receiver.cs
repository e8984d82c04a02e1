using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace PushGateway.Webhooks.Benchmarks;

/// <summary>
/// A cheap loopback receiver: counts deliveries (unique by webhook-id) and records write-to-receipt latency. Each run
/// gets its own path, so late redeliveries of an earlier run (at-least-once after a lease expired) are answered but not
/// counted in the next one.
/// </summary>
internal sealed class Receiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, byte> _seen = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<double> _latenciesMs = [];
    private long _first;
    private long _last;
    private string _base = "";
    private string _run = "0";

    private Receiver(WebApplication app) => _app = app;

    public string Url => $"{_base}/hook/{_run}";

    public int Count => _seen.Count;

    public static async Task<Receiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new Receiver(app);
        app.MapPost("/hook/{run}", receiver.ReceiveAsync);
        await app.StartAsync();
        receiver._base = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return receiver;
    }

    /// <summary>Starts a new run: counters cleared, and a new <see cref="Url"/>.</summary>
    public void Reset()
    {
        _run = Guid.NewGuid().ToString("N");
        _seen.Clear();
        _latenciesMs.Clear();
        _first = 0;
        _last = 0;
    }

    /// <summary>Deliveries per second between the first and the last receipt.</summary>
    public double Rate => _last > _first ? Count / Stopwatch.GetElapsedTime(_first, _last).TotalSeconds : 0;

    public double Percentile(double p)
    {
        var sorted = _latenciesMs.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task<IResult> ReceiveAsync(HttpRequest request, string run)
    {
        if (run != _run)
        {
            return Results.Ok();
        }

        var now = Stopwatch.GetTimestamp();
        Interlocked.CompareExchange(ref _first, now, 0);
        using var body = await JsonDocument.ParseAsync(request.Body);
        if (_seen.TryAdd(request.Headers["webhook-id"].ToString(), 0))
        {
            var sentAt = body.RootElement.GetProperty("data").GetProperty("fullDocument").GetProperty("sentAt").GetInt64();
            _latenciesMs.Add(Stopwatch.GetElapsedTime(sentAt, now).TotalMilliseconds);
        }

        Interlocked.Exchange(ref _last, now);
        return Results.Ok();
    }
}
