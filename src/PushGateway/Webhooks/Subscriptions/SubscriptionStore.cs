using MongoDB.Driver;
using PushGateway.Auth;

namespace PushGateway.Webhooks.Subscriptions;

/// <summary>MongoDB access to <c>webhookSubscriptions</c>. Every caller-facing read is scoped by <see cref="Scope"/>.</summary>
internal sealed class SubscriptionStore(IMongoDatabase database)
{
    private static readonly FilterDefinitionBuilder<WebhookSubscription> Filter = Builders<WebhookSubscription>.Filter;

    private IMongoCollection<WebhookSubscription> Collection =>
        database.GetCollection<WebhookSubscription>(WebhookCollections.Subscriptions).WithWriteConcern(WriteConcern.WMajority);

    /// <summary>What <paramref name="caller"/> may see: its tenant's subscriptions, or all of them for an admin.</summary>
    public static FilterDefinition<WebhookSubscription> Scope(Caller caller) =>
        caller.IsAdmin ? Filter.Empty : Filter.Eq(s => s.TenantId, caller.TenantId);

    public Task EnsureIndexesAsync(CancellationToken cancellationToken) =>
        Collection.Indexes.CreateOneAsync(
            new CreateIndexModel<WebhookSubscription>(Builders<WebhookSubscription>.IndexKeys.Ascending(s => s.TenantId).Ascending(s => s.Id)),
            cancellationToken: cancellationToken);

    public Task InsertAsync(WebhookSubscription subscription, CancellationToken cancellationToken) =>
        Collection.InsertOneAsync(subscription, cancellationToken: cancellationToken);

    public async Task<WebhookSubscription?> GetAsync(Caller caller, string id, CancellationToken cancellationToken) =>
        await Collection.Find(Filter.And(Scope(caller), Filter.Eq(s => s.Id, id))).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Unscoped read, for the worker.</summary>
    public async Task<WebhookSubscription?> GetAsync(string id, CancellationToken cancellationToken) =>
        await Collection.Find(Filter.Eq(s => s.Id, id)).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>One page in id (= creation) order, after <paramref name="after"/>.</summary>
    public Task<List<WebhookSubscription>> ListAsync(Caller caller, string? after, int limit, CancellationToken cancellationToken)
    {
        var filter = Scope(caller);
        if (!string.IsNullOrEmpty(after))
        {
            filter = Filter.And(filter, Filter.Gt(s => s.Id, after));
        }

        return Collection.Find(filter).SortBy(s => s.Id).Limit(limit).ToListAsync(cancellationToken);
    }

    public Task<List<WebhookSubscription>> ListEnabledAsync(CancellationToken cancellationToken) =>
        Collection.Find(Filter.Eq(s => s.Enabled, true)).ToListAsync(cancellationToken);

    public Task<long> CountForTenantAsync(string? tenantId, CancellationToken cancellationToken) =>
        Collection.CountDocumentsAsync(Filter.Eq(s => s.TenantId, tenantId), cancellationToken: cancellationToken);

    /// <summary>Replaces a subscription the caller may see; false when there is none.</summary>
    public async Task<bool> ReplaceAsync(Caller caller, WebhookSubscription subscription, CancellationToken cancellationToken)
    {
        var result = await Collection.ReplaceOneAsync(Filter.And(Scope(caller), Filter.Eq(s => s.Id, subscription.Id)), subscription, cancellationToken: cancellationToken).ConfigureAwait(false);
        return result.MatchedCount > 0;
    }

    public async Task<bool> DeleteAsync(Caller caller, string id, CancellationToken cancellationToken)
    {
        var result = await Collection.DeleteOneAsync(Filter.And(Scope(caller), Filter.Eq(s => s.Id, id)), cancellationToken).ConfigureAwait(false);
        return result.DeletedCount > 0;
    }

    /// <summary>Disables a subscription on the worker's behalf (410, or failing for too long); returns the stored result.</summary>
    public Task<WebhookSubscription?> DisableAsync(string id, string reason, DateTime now, CancellationToken cancellationToken) =>
        Collection.FindOneAndUpdateAsync(
            Filter.And(Filter.Eq(s => s.Id, id), Filter.Eq(s => s.Enabled, true)),
            Builders<WebhookSubscription>.Update.Set(s => s.Enabled, false).Set(s => s.DisabledReason, reason).Set(s => s.UpdatedAt, now),
            new FindOneAndUpdateOptions<WebhookSubscription> { ReturnDocument = ReturnDocument.After },
            cancellationToken)!;

    public Task RecordSuccessAsync(string id, DateTime now, CancellationToken cancellationToken) =>
        Collection.UpdateOneAsync(
            Filter.Eq(s => s.Id, id),
            Builders<WebhookSubscription>.Update.Set(s => s.LastSuccessAt, now).Set(s => s.FailingSince, null),
            cancellationToken: cancellationToken);

    /// <summary>Starts the failing period if none runs; returns when it started.</summary>
    public async Task<DateTime> RecordFailureAsync(string id, DateTime now, CancellationToken cancellationToken)
    {
        await Collection.UpdateOneAsync(
            Filter.And(Filter.Eq(s => s.Id, id), Filter.Eq(s => s.FailingSince, null)),
            Builders<WebhookSubscription>.Update.Set(s => s.FailingSince, now),
            cancellationToken: cancellationToken).ConfigureAwait(false);
        var stored = await GetAsync(id, cancellationToken).ConfigureAwait(false);
        return stored?.FailingSince ?? now;
    }
}
