using MongoDB.Bson;
using PushGateway.Query;

namespace PushGateway.Webhooks.Subscriptions;

/// <summary>An enabled subscription with its filter and projection compiled once, shared read-only by outbox and worker.</summary>
internal sealed class CompiledSubscription
{
    private CompiledSubscription(WebhookSubscription stored, Filter filter, Projection? projection)
    {
        Stored = stored;
        Filter = filter;
        Projection = projection;
        OperationTypes = stored.OperationTypes.Count == 0 ? null : new HashSet<string>(stored.OperationTypes, StringComparer.Ordinal);
        IndexFilter = WithScope(stored, filter);
    }

    public WebhookSubscription Stored { get; }

    public string Id => Stored.Id;

    /// <summary>The user's filter over the change event.</summary>
    public Filter Filter { get; }

    /// <summary><see cref="Filter"/> AND the tenant AND the operation types: what the subscription index evaluates.</summary>
    public Filter IndexFilter { get; }

    public Projection? Projection { get; }

    /// <summary>Delivered operation types; null = all.</summary>
    public IReadOnlySet<string>? OperationTypes { get; }

    /// <summary>Compiles a stored subscription; null when its filter no longer parses (it was validated when stored).</summary>
    public static CompiledSubscription? Compile(WebhookSubscription stored)
    {
        var parsed = Filters.GatewayFilter.Parse(stored.Filter);
        if (!parsed.IsSuccess)
        {
            return null;
        }

        var projection = SubscriptionFields.ToProjection(stored.Fields);
        return new CompiledSubscription(stored, parsed.Filter!, projection);
    }

    private static Filter WithScope(WebhookSubscription stored, Filter filter)
    {
        var scope = new BsonDocument();
        if (stored.TenantId is not null)
        {
            scope["tenantId"] = stored.TenantId;
        }

        if (stored.OperationTypes.Count > 0)
        {
            scope["operationType"] = new BsonDocument("$in", new BsonArray(stored.OperationTypes));
        }

        return scope.ElementCount > 0 && MqlFilter.Parse(scope) is { IsSuccess: true } parsed ? Filter.And(parsed.Filter!, filter) : filter;
    }

    /// <summary>Whether an event of <paramref name="tenantId"/> and <paramref name="operationType"/> is for this subscription (the filter aside).</summary>
    public bool Accepts(string? tenantId, string operationType) =>
        (Stored.TenantId is null || string.Equals(Stored.TenantId, tenantId, StringComparison.Ordinal))
        && (OperationTypes is null || OperationTypes.Contains(operationType));
}
