using Microsoft.Extensions.Options;
using PushGateway.Mongo;
using PushGateway.Webhooks.Subscriptions;

namespace PushGateway.Webhooks.Delivery;

/// <summary>
/// Leases due delivery rows and POSTs them. Guarantees at-least-once delivery (a crash mid-POST leaves the row leased
/// until its lease expires, then any instance retries it with the same <c>webhook-id</c>; receivers deduplicate by it).
/// Several instances may run at once: leases are atomic per row. Ordered subscriptions deliver one row at a time in
/// event order; others run up to the per-subscription cap in parallel.
/// </summary>
/// <remarks>Its stores are resolved when the loop starts, not at construction: the host builds every hosted service before
/// starting any, and MongoDB (possibly the embedded server) is only known once its host has started.</remarks>
internal sealed partial class DeliveryWorker(
    IServiceProvider services,
    WorkerSignal signal,
    WebhookMetrics metrics,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<DeliveryWorker> logger) : BackgroundService
{
    /// <summary>Longest wait at shutdown for in-flight deliveries and their completion writes.</summary>
    private static readonly TimeSpan ShutdownDrainTimeout = TimeSpan.FromSeconds(10);

    private long _lastSample = long.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var store = services.GetRequiredService<DeliveryStore>();
        var processor = services.GetRequiredService<DeliveryProcessor>();
        await EnsureIndexesAsync(store, stoppingToken).ConfigureAwait(false);
        using var slots = new SemaphoreSlim(settings.MaxConcurrency, settings.MaxConcurrency);
        var handoff = services.GetRequiredService<DeliveryHandoff>();
        handoff.Open();
        var rows = new List<DeliveryRow>(settings.LeaseBatchSize);
        var lastLease = long.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SampleQueueAsync(store, settings, stoppingToken).ConfigureAwait(false);

                // Rows this instance wrote leased at insert first: they need no lease round trip. MongoDB is still leased
                // from at least once per poll interval, for retries, rows written beyond the hand-off limit and rows of
                // instances that died. Whole batches: a lease costs a query over the pending rows, so leasing a few rows
                // at a time (as slots free up) would cost far more than waiting here for slots. The lease outlives that wait.
                rows.Clear();
                var now = time.GetUtcNow().UtcDateTime;
                var dropped = handoff.Take(rows, settings.LeaseBatchSize, now, settings.RequestTimeout);
                if (rows.Count == 0)
                {
                    // A burst beyond the in-memory limit: its rows were written leased to this instance all the same and
                    // are read back one lease batch at a time, in the order written (a query, no claim write).
                    var spilled = handoff.TakeSpilled(now, settings.RequestTimeout, out var droppedSpilled);
                    dropped += droppedSpilled;
                    if (spilled is not null)
                    {
                        rows.AddRange(await store.FindLeasedAsync(spilled.Token, spilled.LeasedUntil, stoppingToken).ConfigureAwait(false));
                    }
                }

                if (dropped > 0)
                {
                    LogHandoffExpired(logger, dropped);
                }

                if (rows.Count == 0 || lastLease == long.MinValue || time.GetElapsedTime(lastLease) >= settings.PollInterval)
                {
                    lastLease = time.GetTimestamp();
                    rows.AddRange(await store.LeaseAsync(now, settings.LeaseDuration, settings.LeaseBatchSize, stoppingToken).ConfigureAwait(false));
                }

                handoff.Drained(rows.Count);
                if (rows.Count == 0)
                {
                    await signal.WaitAsync(settings.PollInterval, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                foreach (var group in rows.GroupBy(r => r.SubscriptionId, StringComparer.Ordinal))
                {
                    var subscription = await processor.ResolveAsync(group.Key, stoppingToken).ConfigureAwait(false);
                    if (subscription?.Stored.Ordered == true)
                    {
                        await slots.WaitAsync(stoppingToken).ConfigureAwait(false);
                        _ = Run(slots, stoppingToken, processor.ProcessOrderedAsync(subscription, [.. group.OrderBy(r => r.EventId, StringComparer.Ordinal)], stoppingToken));
                        continue;
                    }

                    foreach (var row in group)
                    {
                        await slots.WaitAsync(stoppingToken).ConfigureAwait(false);
                        _ = Run(slots, stoppingToken, processor.ProcessAsync(subscription, row, stoppingToken));
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // MongoDB being unreachable is an expected outage (one line each poll, no stack trace); anything else is a bug.
                if (MongoUnavailable.Is(ex))
                {
                    LogLoopWaitsForMongo(logger, ex.GetType().Name, ex.Message);
                }
                else
                {
                    LogLoopFailed(logger, ex);
                }

                try
                {
                    await Task.Delay(settings.PollInterval, time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        handoff.Close();
        await DrainAsync(slots, settings).ConfigureAwait(false);
    }

    /// <summary>
    /// Graceful stop: in-flight deliveries observe the stopping token and end quickly; wait for them (holding every
    /// slot means none is running) and for their completions to be written, so nothing touches MongoDB or the
    /// semaphore after the host has disposed them. Whatever does not finish in time is delivered again after its lease.
    /// </summary>
    private async Task DrainAsync(SemaphoreSlim slots, WebhookOptions settings)
    {
        using var timeout = new CancellationTokenSource(ShutdownDrainTimeout, time);
        try
        {
            for (var i = 0; i < settings.MaxConcurrency; i++)
            {
                await slots.WaitAsync(timeout.Token).ConfigureAwait(false);
            }

            await services.GetRequiredService<CompletionBatcher>().DrainAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            LogDrainTimedOut(logger, ShutdownDrainTimeout);
        }
    }

    /// <summary>Awaits one started delivery and frees its slot (the work is an async method: it never throws synchronously).</summary>
    private async Task Run(SemaphoreSlim slots, CancellationToken stoppingToken, Task work)
    {
        try
        {
            await work.ConfigureAwait(false);
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the lease expires and another instance (or this one, restarted) delivers the row.
        }
        catch (Exception ex)
        {
            LogDeliveryFailed(logger, ex);
        }
        finally
        {
            slots.Release();
        }
    }

    private async Task EnsureIndexesAsync(DeliveryStore store, CancellationToken cancellationToken)
    {
        try
        {
            await store.EnsureIndexesAsync(cancellationToken).ConfigureAwait(false);
            await services.GetRequiredService<SubscriptionStore>().EnsureIndexesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (MongoUnavailable.Is(ex))
        {
            LogIndexesWaitForMongo(logger, ex.GetType().Name);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogIndexesFailed(logger, ex);
        }
    }

    private async Task SampleQueueAsync(DeliveryStore store, WebhookOptions settings, CancellationToken cancellationToken)
    {
        var nowTicks = time.GetTimestamp();
        if (_lastSample != long.MinValue && time.GetElapsedTime(_lastSample, nowTicks) < settings.QueueMetricsInterval)
        {
            return;
        }

        _lastSample = nowTicks;
        var (depth, oldest) = await store.QueueStatsAsync(cancellationToken).ConfigureAwait(false);
        metrics.QueueSampled(depth, oldest is { } o ? time.GetUtcNow().UtcDateTime - o : TimeSpan.Zero);
    }

    [LoggerMessage(EventId = 7026, Level = LogLevel.Debug, Message = "{Count} rows leased at insert waited past their lease margin; they are leased from MongoDB again once their lease has ended")]
    private static partial void LogHandoffExpired(ILogger logger, int count);

    [LoggerMessage(EventId = 7024, Level = LogLevel.Warning, Message = "Webhook delivery loop waits for MongoDB, which is unreachable ({ErrorType}: {Error}); retrying after the poll interval")]
    private static partial void LogLoopWaitsForMongo(ILogger logger, string errorType, string error);

    [LoggerMessage(EventId = 7020, Level = LogLevel.Error, Message = "Webhook delivery loop failed; retrying after the poll interval")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 7021, Level = LogLevel.Error, Message = "A webhook delivery failed unexpectedly; its lease will expire and it will be retried")]
    private static partial void LogDeliveryFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 7023, Level = LogLevel.Warning, Message = "Webhook deliveries still in flight after {Timeout} at shutdown; their leases will expire and they will be delivered again")]
    private static partial void LogDrainTimedOut(ILogger logger, TimeSpan timeout);

    [LoggerMessage(EventId = 7025, Level = LogLevel.Warning, Message = "Could not create the webhook indexes: MongoDB is unreachable ({ErrorType}); queries scan their collections until the next start")]
    private static partial void LogIndexesWaitForMongo(ILogger logger, string errorType);

    [LoggerMessage(EventId = 7022, Level = LogLevel.Warning, Message = "Could not create the webhook indexes; everything works, but queries scan their collections")]
    private static partial void LogIndexesFailed(ILogger logger, Exception exception);
}
