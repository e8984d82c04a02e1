using Microsoft.Extensions.Options;
using MongoDB.Driver;

namespace PushGateway.ChangeStreams;

/// <summary>
/// Hosted multiplexer: exactly one change-stream cursor per entry of <c>Gateway:Watch</c>, however many clients
/// and webhooks there are; every event is normalised once and handed to all <see cref="IChangeEventSink"/>s.
/// Errors are retried with backoff per collection and never stop the host.
/// </summary>
internal sealed class ChangeStreamMultiplexer(
    IOptions<GatewayOptions> options,
    IServiceProvider services,
    ChangeStreamStatus status,
    ChangeStreamMetrics metrics,
    TimeProvider timeProvider,
    ILoggerFactory loggerFactory) : BackgroundService
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<ChangeStreamMultiplexer>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Leave StartAsync at once; MongoDB (possibly the embedded server) is resolved lazily below.
        await Task.Yield();
        var gateway = options.Value;
        var watches = new Dictionary<string, WatchOptions>(StringComparer.Ordinal);
        foreach (var watch in gateway.Watch)
        {
            if (!watches.TryAdd(watch.Namespace, watch))
            {
                ChangeStreamsLog.DuplicateWatch(_logger, watch.Namespace);
            }
        }

        if (watches.Count == 0)
        {
            ChangeStreamsLog.NothingWatched(_logger);
            return;
        }

        foreach (var ns in watches.Keys)
        {
            status.Register(ns);
        }

        var client = services.GetRequiredService<IMongoClient>();
        var checkpoints = services.GetRequiredService<CheckpointStore>();
        IReadOnlyList<IChangeEventSink> sinks = [.. services.GetServices<IChangeEventSink>()];
        var watcherLogger = loggerFactory.CreateLogger<CollectionWatcher>();
        var running = watches.Values.Select(w =>
            new CollectionWatcher(w, gateway, client, checkpoints, sinks, status, metrics, timeProvider, watcherLogger).RunAsync(stoppingToken));
        await Task.WhenAll(running);
    }
}
