using MongoDB.Driver;

namespace PushGateway.Webhooks.Delivery;

/// <summary>
/// MongoDB access to <c>webhookDeliveries</c>. Leasing is safe across instances: a row is claimed by an atomic
/// per-document update (one statement claims a whole batch) that moves its <c>dueAt</c> to the lease's end and stamps a
/// fresh token, or is written already leased by the outbox (<see cref="DeliveryHandoff"/>); completions only apply while
/// the row still carries that token. Per delivery in the common case: one insert (the outbox, batched per change-event
/// batch, leased at insert) and one completion (group-committed), i.e. two documents written and a few hundredths of a
/// command; a row leased by a query costs one claim more.
/// </summary>
internal sealed class DeliveryStore(IMongoDatabase database)
{
    private static readonly FilterDefinitionBuilder<DeliveryRow> Filter = Builders<DeliveryRow>.Filter;
    private static readonly UpdateDefinitionBuilder<DeliveryRow> Update = Builders<DeliveryRow>.Update;
    private const string LeaseTokenIndex = "leaseToken_1";
    private const int IndexNotFound = 27;
    private const int NamespaceNotFound = 26;

    /// <summary>Majority-acknowledged: the outbox returns (and the checkpoint advances) only once rows are durable.</summary>
    public IMongoCollection<DeliveryRow> Collection =>
        database.GetCollection<DeliveryRow>(WebhookCollections.Deliveries).WithWriteConcern(WriteConcern.WMajority);

    /// <summary>The same collection for inserts of rows encoded by <see cref="DeliveryRowBson"/> (majority-acknowledged).</summary>
    public IMongoCollection<MongoDB.Bson.RawBsonDocument> EncodedRows =>
        database.GetCollection<MongoDB.Bson.RawBsonDocument>(WebhookCollections.Deliveries).WithWriteConcern(WriteConcern.WMajority);

    public async Task EnsureIndexesAsync(CancellationToken cancellationToken)
    {
        var keys = Builders<DeliveryRow>.IndexKeys;
        await Collection.Indexes.CreateManyAsync(
        [
            new CreateIndexModel<DeliveryRow>(keys.Ascending(r => r.State).Ascending(r => r.DueAt)),
            new CreateIndexModel<DeliveryRow>(keys.Ascending(r => r.SubscriptionId).Descending(r => r.CreatedAt)),
            new CreateIndexModel<DeliveryRow>(keys.Ascending(r => r.SubscriptionId).Ascending(r => r.State).Ascending(r => r.EventId)),
        ], cancellationToken).ConfigureAwait(false);

        // Earlier versions indexed the lease token; nothing queries by it alone any more (a lease is read back by _id),
        // and every write paid for its entry.
        try
        {
            await Collection.Indexes.DropOneAsync(LeaseTokenIndex, cancellationToken).ConfigureAwait(false);
        }
        catch (MongoCommandException ex) when (ex.Code is IndexNotFound or NamespaceNotFound)
        {
            // Never created, or already dropped.
        }
    }

    /// <summary>Claims up to <paramref name="limit"/> due rows for <paramref name="leaseFor"/>, in two round trips.</summary>
    /// <remarks>
    /// One query finds candidates (without their attempt history: a worker does not need it); ONE update statement then
    /// claims them all by <c>_id</c>, repeating the due condition, so a row another instance claimed in between is
    /// skipped, not stolen. When every claim succeeded (one instance, the usual case) the candidates are the leased
    /// rows; otherwise the rows carrying this lease's token are read back.
    /// </remarks>
    public async Task<List<DeliveryRow>> LeaseAsync(DateTime now, TimeSpan leaseFor, int limit, CancellationToken cancellationToken)
    {
        // No sort: with the {state, dueAt} index MongoDB returns due rows in dueAt order anyway, and stops at the limit.
        var candidates = await Collection.Find(DeliveryUpdates.Due(now)).Project(DeliveryUpdates.WithoutHistory).Limit(limit)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        if (candidates.Count == 0)
        {
            return [];
        }

        var token = Guid.NewGuid().ToString("N");
        var leasedUntil = now + leaseFor;
        var result = await Collection.UpdateManyAsync(
            DeliveryUpdates.DueAmong(candidates.Select(c => c.Id), now),
            DeliveryUpdates.Claim(token, leasedUntil),
            cancellationToken: cancellationToken).ConfigureAwait(false);
        if (result.ModifiedCount == candidates.Count)
        {
            foreach (var row in candidates)
            {
                row.LeaseToken = token;
                row.DueAt = leasedUntil;
            }

            return candidates;
        }

        return await Collection.Find(DeliveryUpdates.LeasedAmong(candidates, token)).Project(DeliveryUpdates.WithoutHistory)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The rows the outbox wrote leased to this instance under <paramref name="token"/> until <paramref name="leasedUntil"/>
    /// and did not hold in memory (<see cref="SpilledLease"/>): a query on the <c>{state, dueAt}</c> index, no claim write.
    /// A row already finished or leased by another instance since (after its lease ended) no longer matches.
    /// </summary>
    public Task<List<DeliveryRow>> FindLeasedAsync(string token, DateTime leasedUntil, CancellationToken cancellationToken) =>
        Collection.Find(DeliveryUpdates.LeasedAtInsert(token, leasedUntil)).Project(DeliveryUpdates.WithoutHistory).ToListAsync(cancellationToken);

    /// <summary>Marks rows delivered, in one unordered bulk write (rows whose lease was lost are left alone).</summary>
    public Task CompleteManyAsync(IReadOnlyList<(DeliveryRow Row, DeliveryAttempt Attempt)> completions, int keep, CancellationToken cancellationToken)
    {
        // Written as BSON directly (CompletionBson): the same filter and update as DeliveryUpdates.Leased/Succeeded.
        var scratch = new BsonScratch();
        var models = new WriteModel<DeliveryRow>[completions.Count];
        for (var i = 0; i < models.Length; i++)
        {
            var (row, attempt) = completions[i];
            models[i] = new UpdateOneModel<DeliveryRow>(CompletionBson.Leased(scratch, row), CompletionBson.Succeeded(scratch, row, attempt, keep));
        }

        return Collection.BulkWriteAsync(models, new BulkWriteOptions { IsOrdered = false }, cancellationToken);
    }

    public Task ScheduleRetryAsync(DeliveryRow row, DeliveryAttempt attempt, DateTime dueAt, int keep, CancellationToken cancellationToken) =>
        Collection.UpdateOneAsync(DeliveryUpdates.Leased(row), DeliveryUpdates.Retry(attempt, dueAt, keep), cancellationToken: cancellationToken);

    public Task KillAsync(DeliveryRow row, DeliveryAttempt? attempt, string reason, int keep, CancellationToken cancellationToken)
    {
        if (attempt is null)
        {
            return Collection.UpdateOneAsync(DeliveryUpdates.Leased(row), DeliveryUpdates.DeadUnattempted(reason), cancellationToken: cancellationToken);
        }

        attempt.Error ??= reason;
        return Collection.UpdateOneAsync(DeliveryUpdates.Leased(row), DeliveryUpdates.Dead(attempt, keep), cancellationToken: cancellationToken);
    }

    /// <summary>Gives a leased row back unattempted, due again at <paramref name="dueAt"/> (rate limit, ordering).</summary>
    public Task ReleaseAsync(DeliveryRow row, DateTime dueAt, CancellationToken cancellationToken) =>
        Collection.UpdateOneAsync(DeliveryUpdates.Leased(row), DeliveryUpdates.Release(dueAt), cancellationToken: cancellationToken);

    /// <summary>The oldest pending row of an ordered subscription (the only one it may deliver).</summary>
    public async Task<DeliveryRow?> HeadAsync(string subscriptionId, CancellationToken cancellationToken) =>
        await Collection.Find(Filter.And(Filter.Eq(r => r.SubscriptionId, subscriptionId), Filter.Eq(r => r.State, DeliveryState.Pending)))
            .SortBy(r => r.EventId).Limit(1).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);

    public Task<List<DeliveryRow>> ListAsync(string subscriptionId, string? state, DeliveryCursor? before, int limit, CancellationToken cancellationToken)
    {
        var filter = Filter.Eq(r => r.SubscriptionId, subscriptionId);
        if (state is not null)
        {
            filter &= Filter.Eq(r => r.State, state);
        }

        if (before is not null)
        {
            filter &= Filter.Or(
                Filter.Lt(r => r.CreatedAt, before.CreatedAt),
                Filter.And(Filter.Eq(r => r.CreatedAt, before.CreatedAt), Filter.Lt(r => r.Id, before.Id)));
        }

        return Collection.Find(filter).SortByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Limit(limit).ToListAsync(cancellationToken);
    }

    /// <summary>Re-queues one finished row of <paramref name="subscriptionId"/>; false when there is none.</summary>
    public async Task<bool> RequeueAsync(string subscriptionId, string deliveryId, DateTime now, CancellationToken cancellationToken)
    {
        var result = await Collection.UpdateOneAsync(
            Filter.And(Filter.Eq(r => r.Id, deliveryId), Filter.Eq(r => r.SubscriptionId, subscriptionId)),
            Requeue(now),
            cancellationToken: cancellationToken).ConfigureAwait(false);
        return result.MatchedCount > 0;
    }

    /// <summary>Re-queues the dead rows created since <paramref name="since"/>; returns how many.</summary>
    public async Task<long> RecoverAsync(string subscriptionId, DateTime since, DateTime now, CancellationToken cancellationToken)
    {
        var result = await Collection.UpdateManyAsync(
            Filter.And(Filter.Eq(r => r.SubscriptionId, subscriptionId), Filter.Eq(r => r.State, DeliveryState.Dead), Filter.Gte(r => r.CreatedAt, since)),
            Requeue(now),
            cancellationToken: cancellationToken).ConfigureAwait(false);
        return result.ModifiedCount;
    }

    public Task DeleteForSubscriptionAsync(string subscriptionId, CancellationToken cancellationToken) =>
        Collection.DeleteManyAsync(Filter.Eq(r => r.SubscriptionId, subscriptionId), cancellationToken);

    /// <summary>Pending rows (throttled and leased included) and the creation time of the oldest.</summary>
    public async Task<(long Depth, DateTime? Oldest)> QueueStatsAsync(CancellationToken cancellationToken)
    {
        var pending = Filter.Eq(r => r.State, DeliveryState.Pending);
        var depth = await Collection.CountDocumentsAsync(pending, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (depth == 0)
        {
            return (0, null);
        }

        var oldest = await Collection.Find(pending).SortBy(r => r.CreatedAt).Limit(1).Project(r => r.CreatedAt).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return (depth, oldest);
    }

    private static UpdateDefinition<DeliveryRow> Requeue(DateTime now) =>
        Update.Set(r => r.State, DeliveryState.Pending).Set(r => r.DueAt, now).Set(r => r.Failures, 0)
            .Set(r => r.LeaseToken, null).Set(r => r.CompletedAt, null);
}
