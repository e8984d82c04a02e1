using System.Security.Cryptography;
using System.Text;

namespace PushGateway.Realtime;

/// <summary>Hub path, client method names and group keys, built in exactly one place.</summary>
internal static class RealtimeNames
{
    public const string HubPath = "/hubs/changes";

    /// <summary>Server → client: one change event for one subscription.</summary>
    public const string ChangeMethod = "change";

    /// <summary>
    /// Server → client: <c>{subscriptionId, eventId, collection, documentKey}</c> when a document of the subscriber's tenant
    /// was handed over to another tenant (or lost its tenant): drop it from views. Carries no content.
    /// </summary>
    public const string LeftMethod = "left";

    /// <summary>Server → client: <c>{dropped}</c> messages were dropped from this connection's full queue before the next one.</summary>
    public const string OverflowMethod = "overflow";

    /// <summary>Server → client: <c>{subscriptionId, collection, recovered: false, reason}</c> when events were lost upstream.</summary>
    public const string RecoveryMethod = "recovery";

    /// <summary>Bucket of subscriptions that see every tenant (admin tokens).</summary>
    public const string AllTenants = "*";

    /// <summary>
    /// The group of a subscription: (tenant, collection, canonical filter, delivery options). Connections with the same
    /// key share one group: its filter is evaluated once per event and its message built once.
    /// </summary>
    public static string GroupKey(string tenantScope, string collection, string canonicalFilter, bool fullDocument, IReadOnlyList<string> fields) =>
        string.Join('\u001f', tenantScope, collection, canonicalFilter, fullDocument ? "full" : "nofull", string.Join(',', fields));

    /// <summary>The subscription id clients see: a short digest of the group key (stable, reveals nothing).</summary>
    public static string SubscriptionId(string groupKey) =>
        "sub_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(groupKey)).AsSpan(0, 10));
}
