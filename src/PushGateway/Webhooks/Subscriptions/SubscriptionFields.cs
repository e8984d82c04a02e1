using MongoDB.Bson;
using PushGateway.Query;

namespace PushGateway.Webhooks.Subscriptions;

/// <summary>Turns a subscription's <c>fields</c> list into an inclusion projection of the change event (the query engine's <see cref="Projection"/>).</summary>
internal static class SubscriptionFields
{
    /// <summary>Always kept so a receiver can identify and order what it gets.</summary>
    private static readonly string[] Essential = ["operationType", "ns", "documentKey", "clusterTime", "wallTime", "tenantId"];

    public static Projection? ToProjection(IReadOnlyCollection<string> fields)
    {
        if (fields.Count == 0)
        {
            return null;
        }

        return Projection.TryParse(ToSpec(fields), out var projection, out _) ? projection : null;
    }

    /// <summary>The error for an invalid field list, or null.</summary>
    public static QueryError? Validate(IReadOnlyCollection<string> fields) =>
        fields.Count == 0 || Projection.TryParse(ToSpec(fields), out _, out var error) ? null : error;

    private static BsonDocument ToSpec(IEnumerable<string> fields)
    {
        var spec = new BsonDocument { { "_id", 1 } };
        foreach (var field in Essential.Concat(fields.OrderBy(f => f.Length)))
        {
            // A field under an already included parent would collide in the projection ("path collision"): skip it.
            if (!spec.Names.Any(n => n == field || field.StartsWith(n + ".", StringComparison.Ordinal) || n.StartsWith(field + ".", StringComparison.Ordinal)))
            {
                spec[field] = 1;
            }
        }

        return spec;
    }
}
