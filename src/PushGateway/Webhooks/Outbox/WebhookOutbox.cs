using Microsoft.Extensions.Options;
using MongoDB.Bson;
using MongoDB.Driver;
using PushGateway.ChangeStreams;
using PushGateway.Webhooks.Delivery;
using PushGateway.Webhooks.Subscriptions;

namespace PushGateway.Webhooks.Outbox;

/// <summary>
/// The change-event sink that makes webhooks durable: for each event, one delivery row per matching subscription, all
/// written in ONE unordered bulk insert that is majority-acknowledged before <see cref="HandleAsync"/> returns (the
/// multiplexer checkpoints only after that). Row ids are deterministic (subscription + event), so a replayed batch hits
/// duplicate keys, which are ignored: at-least-once into the outbox, exactly one row per (subscription, event). Rows are
/// written already leased to this instance while its worker has room for them (<see cref="DeliveryHandoff"/>).
/// </summary>
internal sealed partial class WebhookOutbox(
    SubscriptionRegistry registry,
    DeliveryStore deliveries,
    DeliveryHandoff handoff,
    WorkerSignal signal,
    WebhookMetrics metrics,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookOutbox> logger) : IChangeEventSink
{
    public async ValueTask HandleAsync(IReadOnlyList<ChangeEvent> events, CancellationToken cancellationToken)
    {
        await registry.EnsureFreshAsync(cancellationToken).ConfigureAwait(false);
        var settings = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        // Whole milliseconds, as MongoDB stores it: a spilled batch is read back by this exact value.
        var leasedUntil = TruncateToMilliseconds(now + settings.LeaseDuration);
        string? token = null;
        string? spillToken = null;
        var spilledWithToken = 0;
        var rows = new List<DeliveryRow>();
        var leases = new List<HandoffLease>();
        var matches = new List<CompiledSubscription>();
        foreach (var change in events)
        {
            matches.Clear();
            registry.Match(change, matches);
            if (matches.Count == 0)
            {
                continue;
            }

            var type = PayloadBuilder.TypeOf(change);
            foreach (var subscription in matches)
            {
                var row = new DeliveryRow
                {
                    Id = DeliveryIds.For(subscription.Id, change.EventId),
                    SubscriptionId = subscription.Id,
                    TenantId = change.TenantId,
                    Collection = change.Collection,
                    EventId = change.EventId,
                    Type = type,
                    Body = PayloadBuilder.Build(change, type, subscription, settings.MaxPayloadBytes),
                    EventTime = change.WallTime,
                    CreatedAt = now,
                    State = DeliveryState.Pending,
                    DueAt = now,
                };
                var lease = handoff.TryReserve(row.Body.Length);
                if (lease == HandoffLease.InMemory)
                {
                    // Lease at insert: the row is written already leased to this instance and handed to its worker below.
                    row.LeaseToken = token ??= NewToken();
                    row.DueAt = leasedUntil;
                }
                else if (lease == HandoffLease.Spilled)
                {
                    // Leased at insert too, but left in MongoDB: one token per lease batch, which the worker reads back.
                    if (spillToken is null || spilledWithToken == settings.LeaseBatchSize)
                    {
                        (spillToken, spilledWithToken) = (NewToken(), 0);
                    }

                    spilledWithToken++;
                    row.LeaseToken = spillToken;
                    row.DueAt = leasedUntil;
                }

                rows.Add(row);
                leases.Add(lease);
            }
        }

        if (rows.Count == 0)
        {
            return;
        }

        var inserted = rows.Count;
        var arena = new EncodeArena();
        try
        {
            // Encoded directly (the body's UTF-8 bytes as they are) into pooled chunks, not through the class map:
            // see DeliveryRowBson and EncodeArena.
            var models = new InsertOneModel<RawBsonDocument>[rows.Count];
            for (var i = 0; i < rows.Count; i++)
            {
                models[i] = new InsertOneModel<RawBsonDocument>(DeliveryRowBson.Encode(rows[i], arena));
            }

            await deliveries.EncodedRows.BulkWriteAsync(models, new BulkWriteOptions { IsOrdered = false }, cancellationToken).ConfigureAwait(false);
        }
        catch (MongoBulkWriteException<RawBsonDocument> ex) when (ex.WriteConcernError is null && ex.WriteErrors.All(e => e.Category == ServerErrorCategory.DuplicateKey))
        {
            // A replay after a crash or a second instance: those rows exist already (with whatever lease and state they
            // have), and everything else was written. Only the rows written here are handed over.
            inserted -= ex.WriteErrors.Count;
            foreach (var error in ex.WriteErrors)
            {
                handoff.Cancel(rows[error.Index], leases[error.Index]);
                leases[error.Index] = HandoffLease.None;
            }

            LogReplayed(logger, ex.WriteErrors.Count);
        }
        catch
        {
            // Nothing is handed over; any row that was written leased is leased from MongoDB once its lease has ended.
            for (var i = 0; i < rows.Count; i++)
            {
                handoff.Cancel(rows[i], leases[i]);
            }

            throw;
        }
        finally
        {
            arena.Dispose();
        }

        HandOver(rows, leases, leasedUntil);
        metrics.Queued(inserted);
        signal.Notify();
    }

    /// <summary>Gives the written leased rows to the worker: held ones one by one, spilled ones as one batch per token, in order.</summary>
    private void HandOver(List<DeliveryRow> rows, List<HandoffLease> leases, DateTime leasedUntil)
    {
        string? spillToken = null;
        var spilled = 0;
        for (var i = 0; i < rows.Count; i++)
        {
            if (leases[i] == HandoffLease.InMemory)
            {
                handoff.Enqueue(rows[i]);
            }
            else if (leases[i] == HandoffLease.Spilled)
            {
                if (spillToken is not null && spillToken != rows[i].LeaseToken)
                {
                    handoff.Enqueue(new SpilledLease(spillToken, leasedUntil, spilled));
                    spilled = 0;
                }

                spillToken = rows[i].LeaseToken;
                spilled++;
            }
        }

        if (spillToken is not null)
        {
            handoff.Enqueue(new SpilledLease(spillToken, leasedUntil, spilled));
        }
    }

    private static string NewToken() => Guid.NewGuid().ToString("N");

    private static DateTime TruncateToMilliseconds(DateTime value) => new(value.Ticks - (value.Ticks % TimeSpan.TicksPerMillisecond), value.Kind);

    [LoggerMessage(EventId = 7010, Level = LogLevel.Debug, Message = "Outbox ignored {Count} delivery rows that already existed (replayed events)")]
    private static partial void LogReplayed(ILogger logger, int count);
}
