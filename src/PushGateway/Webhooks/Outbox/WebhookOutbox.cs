using Microsoft.Extensions.Options;
using MongoDB.Driver;
using PushGateway.ChangeStreams;
using PushGateway.Webhooks.Delivery;
using PushGateway.Webhooks.Subscriptions;

namespace PushGateway.Webhooks.Outbox;

/// <summary>
/// The change-event sink that makes webhooks durable: for each event, one delivery row per matching subscription, all
/// written in ONE unordered bulk insert that is majority-acknowledged before <see cref="HandleAsync"/> returns (the
/// multiplexer checkpoints only after that). Row ids are deterministic (subscription + event), so a replayed batch hits
/// duplicate keys, which are ignored: at-least-once into the outbox, exactly one row per (subscription, event).
/// </summary>
internal sealed partial class WebhookOutbox(
    SubscriptionRegistry registry,
    DeliveryStore deliveries,
    WorkerSignal signal,
    WebhookMetrics metrics,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookOutbox> logger) : IChangeEventSink
{
    public async ValueTask HandleAsync(IReadOnlyList<ChangeEvent> events, CancellationToken cancellationToken)
    {
        await registry.EnsureFreshAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow().UtcDateTime;
        var maxBytes = options.Value.MaxPayloadBytes;
        var rows = new List<InsertOneModel<DeliveryRow>>();
        var matches = new List<CompiledSubscription>();
        foreach (var change in events)
        {
            matches.Clear();
            registry.Match(change, matches);
            foreach (var subscription in matches)
            {
                rows.Add(new InsertOneModel<DeliveryRow>(new DeliveryRow
                {
                    Id = DeliveryIds.For(subscription.Id, change.EventId),
                    SubscriptionId = subscription.Id,
                    TenantId = change.TenantId,
                    Collection = change.Collection,
                    EventId = change.EventId,
                    Type = PayloadBuilder.TypeOf(change),
                    Body = PayloadBuilder.Build(change, subscription, maxBytes),
                    EventTime = change.WallTime,
                    CreatedAt = now,
                    State = DeliveryState.Pending,
                    DueAt = now,
                }));
            }
        }

        if (rows.Count == 0)
        {
            return;
        }

        var inserted = rows.Count;
        try
        {
            await deliveries.Collection.BulkWriteAsync(rows, new BulkWriteOptions { IsOrdered = false }, cancellationToken).ConfigureAwait(false);
        }
        catch (MongoBulkWriteException<DeliveryRow> ex) when (ex.WriteConcernError is null && ex.WriteErrors.All(e => e.Category == ServerErrorCategory.DuplicateKey))
        {
            // A replay after a crash or a second instance: those rows exist already, and everything else was written.
            inserted -= ex.WriteErrors.Count;
            LogReplayed(logger, ex.WriteErrors.Count);
        }

        metrics.Queued(inserted);
        signal.Notify();
    }

    [LoggerMessage(EventId = 7010, Level = LogLevel.Debug, Message = "Outbox ignored {Count} delivery rows that already existed (replayed events)")]
    private static partial void LogReplayed(ILogger logger, int count);
}
