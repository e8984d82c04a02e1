using System.Buffers;
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
        var leasedUntil = now + settings.LeaseDuration;
        string? token = null;
        var rows = new List<DeliveryRow>();
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
                if (handoff.TryReserve(row.Body.Length))
                {
                    // Lease at insert: the row is written already leased to this instance and handed to its worker below.
                    row.LeaseToken = token ??= Guid.NewGuid().ToString("N");
                    row.DueAt = leasedUntil;
                }

                rows.Add(row);
            }
        }

        if (rows.Count == 0)
        {
            return;
        }

        var inserted = rows.Count;
        var buffers = new byte[rows.Count][];
        try
        {
            // Encoded directly (the body's UTF-8 bytes as they are) into pooled buffers, not through the class map:
            // see DeliveryRowBson.
            var models = new InsertOneModel<RawBsonDocument>[rows.Count];
            for (var i = 0; i < rows.Count; i++)
            {
                models[i] = new InsertOneModel<RawBsonDocument>(DeliveryRowBson.Encode(rows[i], out buffers[i]));
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
                var row = rows[error.Index];
                if (row.LeaseToken is not null)
                {
                    handoff.Cancel(row);
                    row.LeaseToken = null;
                }
            }

            LogReplayed(logger, ex.WriteErrors.Count);
        }
        catch
        {
            // Nothing is handed over; any row that was written leased is leased from MongoDB once its lease has ended.
            foreach (var row in rows)
            {
                if (row.LeaseToken is not null)
                {
                    handoff.Cancel(row);
                }
            }

            throw;
        }
        finally
        {
            foreach (var buffer in buffers)
            {
                if (buffer is not null)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }

        foreach (var row in rows)
        {
            if (row.LeaseToken is not null)
            {
                handoff.Enqueue(row);
            }
        }

        metrics.Queued(inserted);
        signal.Notify();
    }

    [LoggerMessage(EventId = 7010, Level = LogLevel.Debug, Message = "Outbox ignored {Count} delivery rows that already existed (replayed events)")]
    private static partial void LogReplayed(ILogger logger, int count);
}
