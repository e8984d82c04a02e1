using System.Diagnostics;
using System.Threading.Channels;
using MongoDB.Bson;
using MongoDB.Bson.Serialization.Serializers;
using MongoDB.Driver;

namespace PushGateway.ChangeStreams;

/// <summary>
/// The one change-stream cursor of one watched collection. Guarantees: events reach every sink in order, at least
/// once for durable sinks (a batch is retried until all of them succeed, and the checkpoint advances only after
/// that); the cursor is resumed from the last token after any error, with backoff; lost history follows
/// <see cref="HistoryLostPolicy"/>.
/// </summary>
/// <remarks>
/// Two stages: the reader hands each batch to the live sinks (the SignalR fan-out) as soon as it is read, then queues
/// it for the durable stage, which runs the durable sinks (the webhook outbox) and saves the checkpoint. So the hub
/// does not wait for the outbox's MongoDB writes, nor for another tenant's webhook filters; at most
/// <see cref="PendingBatches"/> batches are read ahead. Before the cursor is reopened the durable stage finishes
/// every batch already read, so a resume starts exactly after the last one.
/// </remarks>
internal sealed class CollectionWatcher(
    WatchOptions watch,
    GatewayOptions options,
    IMongoClient client,
    CheckpointStore checkpoints,
    IReadOnlyList<IChangeEventSink> sinks,
    ChangeStreamStatus status,
    ChangeStreamMetrics metrics,
    TimeProvider timeProvider,
    ILogger logger)
{
    /// <summary>MongoDB's ChangeStreamHistoryLost and ChangeStreamFatalError codes.</summary>
    private static readonly HashSet<int> HistoryLostCodes = [286, 280];

    /// <summary>Batches the reader may be ahead of the durable stage (small batches at low rates: seconds of webhook-side stall).</summary>
    private const int PendingBatches = 64;

    private readonly IReadOnlyList<IChangeEventSink> _live = [.. sinks.Where(s => s.IsLive)];
    private readonly IReadOnlyList<IChangeEventSink> _durable = [.. sinks.Where(s => !s.IsLive)];

    private readonly string _ns = watch.Namespace;
    private readonly PreAndPostImagesSetup _images = new(client, options, logger);
    private readonly Backoff _backoff = new(TimeSpan.FromSeconds(options.MaxBackoffSeconds));
    /// <summary>Decodes this stream's events, sharing the element names they repeat (see <see cref="ChangeEventSerializer"/>).</summary>
    private readonly ChangeEventSerializer _events = new();
    private BsonDocument? _token;
    private string? _lastEventId;
    private bool _startAfter;
    private DateTimeOffset _lastSave;

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        status.Register(_ns);
        var loaded = false;
        var opened = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!loaded)
                {
                    var checkpoint = await checkpoints.LoadAsync(_ns, stoppingToken);
                    (_token, _lastEventId, loaded) = (checkpoint?.ResumeToken, checkpoint?.LastEventId, true);
                }

                // Checked on every (re)open: images turned off by an operator show up here, not only at startup.
                status.SetImagesProblem(_ns, await _images.EnsureAsync(watch, stoppingToken));

                using var cursor = await OpenAsync(stoppingToken);
                status.SetCursorOpen(_ns, true);
                status.SetState(_ns, WatchState.Running);
                if (!opened)
                {
                    ChangeStreamsLog.StreamOpened(logger, _ns, _token is null ? "from now" : "resuming from checkpoint");
                    status.OnStreamOpened(_ns, _token is null ? null : _lastEventId);
                    opened = true;
                }
                else
                {
                    metrics.Resumed(_ns);
                }

                if (_token is null && cursor.GetResumeToken() is { } initial)
                {
                    // Checkpoint the opening position at once: a restart before the first event then loses nothing.
                    await SaveAsync(initial, stoppingToken);
                }

                await ReadAsync(cursor, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (MongoCommandException ex) when (HistoryLostCodes.Contains(ex.Code))
            {
                if (!OnHistoryLost())
                {
                    break;
                }
            }
            catch (Exception ex)
            {
                // Whatever failed (network, server, a malformed event), the host keeps running: log, back off, resume.
                await RetryLaterAsync(ex, ex is MongoException or TimeoutException or IOException ? "cursor" : "unexpected", stoppingToken);
            }
            finally
            {
                status.SetCursorOpen(_ns, false);
            }
        }
    }

    private async Task ReadAsync(IChangeStreamCursor<BsonDocument> cursor, CancellationToken stoppingToken)
    {
        var queue = Channel.CreateBounded<ReadBatch>(new BoundedChannelOptions(PendingBatches) { SingleReader = true, SingleWriter = true });
        using var durableFailed = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var durable = PersistAsync(queue.Reader, durableFailed, stoppingToken);
        try
        {
            while (await cursor.MoveNextAsync(durableFailed.Token))
            {
                var events = Normalize(cursor.Current, out var raw);
                if (events.Count > 0)
                {
                    await PublishLiveAsync(events, stoppingToken);
                }

                await queue.Writer.WriteAsync(new ReadBatch(events, raw, cursor.GetResumeToken()), durableFailed.Token);
            }
        }
        finally
        {
            // Whatever ended the reading, the batches already read are made durable first (or their failure surfaces
            // here), so the next open resumes right after the last one.
            queue.Writer.TryComplete();
            await durable;
        }
    }

    private List<ChangeEvent> Normalize(IEnumerable<BsonDocument> documents, out int raw)
    {
        var events = new List<ChangeEvent>();
        raw = 0;
        foreach (var document in documents)
        {
            raw++;
            _startAfter = document.GetValue("operationType", BsonNull.Value) == "invalidate";
            if (_startAfter)
            {
                ChangeStreamsLog.Invalidated(logger, _ns);
            }

            if (ChangeEventNormalizer.Normalize(document, watch, out var resolution) is { } change)
            {
                metrics.EventRead(_ns, change.OperationType);
                if (change.TenantId is null)
                {
                    // Fail closed: admins only, counted, and logged without the document's content.
                    metrics.Untenanted(_ns, resolution.Unresolved!);
                    ChangeStreamsLog.Untenanted(logger, change.EventId, change.OperationType, _ns, resolution.Unresolved!);
                }

                if (resolution.HandOver)
                {
                    metrics.HandedOver(_ns);
                }

                events.Add(change);
            }
        }

        return events;
    }

    /// <summary>Live sinks get the batch at once; they neither block nor fail the stream (a failure is logged).</summary>
    private async ValueTask PublishLiveAsync(List<ChangeEvent> events, CancellationToken stoppingToken)
    {
        foreach (var sink in _live)
        {
            try
            {
                await sink.HandleAsync(events, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                metrics.Error(_ns, "sink");
                ChangeStreamsLog.LiveSinkFailed(logger, ex, _ns, events.Count);
            }
        }
    }

    /// <summary>The durable stage: durable sinks, then the checkpoint, batch after batch; a failure stops the reader too.</summary>
    private async Task PersistAsync(ChannelReader<ReadBatch> queue, CancellationTokenSource failed, CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            await foreach (var batch in queue.ReadAllAsync(CancellationToken.None))
            {
                if (batch.Events.Count > 0)
                {
                    await DeliverAsync(batch.Events, stoppingToken);
                    _lastEventId = batch.Events[^1].EventId;
                }

                var token = batch.ResumeToken;
                if (token is not null && (batch.Raw > 0 || (!token.Equals(_token) && timeProvider.GetUtcNow() - _lastSave >= TimeSpan.FromSeconds(options.IdleCheckpointSeconds))))
                {
                    // Idle collections checkpoint their post-batch resume token too, so the stored token never goes stale.
                    await SaveAsync(token, stoppingToken);
                }

                _backoff.Reset();
            }
        }
        catch
        {
            await failed.CancelAsync();
            throw;
        }
    }

    /// <summary>Hands the batch to every durable sink; on failure waits and retries the whole batch (sinks are idempotent).</summary>
    private async Task DeliverAsync(IReadOnlyList<ChangeEvent> events, CancellationToken stoppingToken)
    {
        while (true)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                foreach (var sink in _durable)
                {
                    await sink.HandleAsync(events, stoppingToken);
                }

                metrics.BatchHandled(_ns, Stopwatch.GetElapsedTime(started));
                status.SetState(_ns, WatchState.Running);
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                metrics.Error(_ns, "sink");
                status.SetState(_ns, WatchState.Retrying, "a sink failed");
                var delay = _backoff.Next();
                ChangeStreamsLog.SinkFailed(logger, ex, _ns, events.Count, (long)delay.TotalMilliseconds);
                await Task.Delay(delay, timeProvider, stoppingToken);
            }
        }
    }

    private async Task<IChangeStreamCursor<BsonDocument>> OpenAsync(CancellationToken stoppingToken)
    {
        var changeOptions = new ChangeStreamOptions
        {
            BatchSize = options.BatchSize,
            MaxAwaitTime = TimeSpan.FromMilliseconds(options.MaxAwaitMilliseconds),
            // Event-time images only: the post-image of an update, never updateLookup (a later state, possibly another
            // tenant's), and the pre-image. The normalizer derives the tenant from them and strips what is not to be sent.
            FullDocument = ChangeStreamFullDocumentOption.WhenAvailable,
            FullDocumentBeforeChange = ChangeStreamFullDocumentBeforeChangeOption.WhenAvailable,
        };
        if (_token is not null)
        {
            if (_startAfter)
            {
                changeOptions.StartAfter = _token;
            }
            else
            {
                changeOptions.ResumeAfter = _token;
            }
        }

        var collection = client.GetDatabase(watch.Database).GetCollection<BsonDocument>(watch.Collection);
        var pipeline = new BsonDocumentStagePipelineDefinition<ChangeStreamDocument<BsonDocument>, BsonDocument>([], _events);
        return await collection.WatchAsync(pipeline, changeOptions, stoppingToken);
    }

    private async Task SaveAsync(BsonDocument token, CancellationToken stoppingToken)
    {
        await checkpoints.SaveAsync(_ns, new Checkpoint(token, _lastEventId), stoppingToken);
        _token = token;
        _lastSave = timeProvider.GetUtcNow();
    }

    /// <returns>False when the policy is to stop watching.</returns>
    private bool OnHistoryLost()
    {
        ChangeStreamsLog.HistoryLost(logger, _ns, options.HistoryLostPolicy);
        metrics.HistoryLost(_ns);
        status.OnHistoryLost(_ns);
        if (options.HistoryLostPolicy == HistoryLostPolicy.Halt)
        {
            status.SetState(_ns, WatchState.Halted, "change-stream history lost");
            return false;
        }

        // Reopening without a token starts from now and immediately overwrites the stale checkpoint.
        (_token, _lastEventId, _startAfter) = (null, null, false);
        return true;
    }

    private async Task RetryLaterAsync(Exception ex, string kind, CancellationToken stoppingToken)
    {
        metrics.Error(_ns, kind);
        status.SetState(_ns, WatchState.Retrying, ex.GetType().Name);
        var delay = _backoff.Next();
        if (Mongo.MongoUnavailable.Is(ex))
        {
            // An outage is expected, not a bug: one line per retry, no stack trace (readiness says it too).
            ChangeStreamsLog.MongoUnavailable(logger, _ns, ex.GetType().Name, (long)delay.TotalMilliseconds);
        }
        else
        {
            ChangeStreamsLog.CursorFailed(logger, ex, _ns, kind, (long)delay.TotalMilliseconds);
        }
        try
        {
            await Task.Delay(delay, timeProvider, stoppingToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the loop condition ends the watcher.
        }
    }
}
