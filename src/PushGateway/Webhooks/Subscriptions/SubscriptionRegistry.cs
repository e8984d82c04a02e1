using Microsoft.Extensions.Options;
using PushGateway.ChangeStreams;
using PushGateway.Filters;

namespace PushGateway.Webhooks.Subscriptions;

/// <summary>
/// The enabled subscriptions of every tenant, compiled and indexed per collection for the outbox. Changes made through this
/// instance's API apply at once; changes made by other instances are picked up by a reload every
/// <see cref="WebhookOptions.SubscriptionRefreshInterval"/>.
/// </summary>
internal sealed partial class SubscriptionRegistry(
    SubscriptionStore store,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    TenantFilterClock clock,
    ILogger<SubscriptionRegistry> logger)
{
    private readonly SemaphoreSlim _reload = new(1, 1);
    private readonly Lock _gate = new();
    private Dictionary<string, CompiledSubscription> _byId = new(StringComparer.Ordinal);
    private List<(string Id, CompiledSubscription? Compiled)>? _appliedDuringLoad;
    private volatile Dictionary<string, CollectionSubscriptions> _byCollection = [];
    private long _loadedAt;
    private volatile bool _loaded;

    /// <summary>Reloads from MongoDB when the last load is older than the refresh interval.</summary>
    public async ValueTask EnsureFreshAsync(CancellationToken cancellationToken)
    {
        if (IsFresh)
        {
            return;
        }

        await _reload.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (IsFresh)
            {
                return;
            }

            var loadedAt = time.GetTimestamp();
            lock (_gate)
            {
                _appliedDuringLoad = [];
            }

            var all = await store.ListEnabledAsync(cancellationToken).ConfigureAwait(false);
            var fresh = new Dictionary<string, CompiledSubscription>(StringComparer.Ordinal);
            foreach (var stored in all)
            {
                if (CompiledSubscription.Compile(stored) is { } compiled)
                {
                    fresh[stored.Id] = compiled;
                }
                else
                {
                    LogUncompilable(logger, stored.Id, stored.TenantId);
                }
            }

            // Swapped whole under the lock, so a concurrent Apply never sees (or rebuilds from) a half-loaded set.
            // Changes this instance applied while the load ran may be missing from what it read: replay them on top.
            lock (_gate)
            {
                foreach (var (id, compiled) in _appliedDuringLoad!)
                {
                    if (compiled is null)
                    {
                        fresh.Remove(id);
                    }
                    else
                    {
                        fresh[id] = compiled;
                    }
                }

                _appliedDuringLoad = null;
                _byId = fresh;
                Rebuild();
            }

            Volatile.Write(ref _loadedAt, loadedAt);
            _loaded = true;
        }
        finally
        {
            _reload.Release();
        }
    }

    /// <summary>Applies a subscription stored by this instance (removes it when disabled).</summary>
    public void Apply(WebhookSubscription stored)
    {
        var compiled = stored.Enabled ? CompiledSubscription.Compile(stored) : null;
        lock (_gate)
        {
            _appliedDuringLoad?.Add((stored.Id, compiled));
            if (compiled is not null)
            {
                _byId[stored.Id] = compiled;
            }
            else
            {
                _byId.Remove(stored.Id);
            }

            Rebuild();
        }
    }

    public void Remove(string id)
    {
        lock (_gate)
        {
            _appliedDuringLoad?.Add((id, null));
            if (_byId.Remove(id))
            {
                Rebuild();
            }
        }
    }

    public CompiledSubscription? Find(string id)
    {
        lock (_gate)
        {
            return _byId.GetValueOrDefault(id);
        }
    }

    /// <summary>Adds the subscriptions that want <paramref name="change"/> to <paramref name="into"/>.</summary>
    public void Match(ChangeEvent change, List<CompiledSubscription> into)
    {
        if (_byCollection.TryGetValue(change.Collection, out var subscriptions))
        {
            subscriptions.Match(change, into, clock);
        }
    }

    private bool IsFresh => _loaded && time.GetElapsedTime(Volatile.Read(ref _loadedAt)) < options.Value.SubscriptionRefreshInterval;

    /// <summary>Copy-on-write: matching runs lock-free against a snapshot; API changes are rare next to events. Caller holds the lock.</summary>
    private void Rebuild()
    {
        {
            var byCollection = new Dictionary<string, CollectionSubscriptions>(StringComparer.Ordinal);
            foreach (var compiled in _byId.Values)
            {
                foreach (var collection in compiled.Stored.Collections)
                {
                    if (!byCollection.TryGetValue(collection, out var list))
                    {
                        byCollection[collection] = list = new CollectionSubscriptions();
                    }

                    list.Add(compiled);
                }
            }

            _byCollection = byCollection;
        }
    }

    [LoggerMessage(EventId = 7001, Level = LogLevel.Error, Message = "Webhook subscription {SubscriptionId} of tenant {TenantId} has a filter that no longer parses; it receives nothing until it is replaced")]
    private static partial void LogUncompilable(ILogger logger, string subscriptionId, string? tenantId);
}
