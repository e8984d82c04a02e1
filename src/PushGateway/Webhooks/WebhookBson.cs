using MongoDB.Bson.Serialization.Conventions;

namespace PushGateway.Webhooks;

/// <summary>Stored webhook documents use camelCase element names and tolerate fields added by newer versions.</summary>
internal static class WebhookBson
{
    private static int _registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1)
        {
            return;
        }

        var pack = new ConventionPack { new CamelCaseElementNameConvention(), new IgnoreExtraElementsConvention(true) };
        ConventionRegistry.Register("PushGateway.Webhooks", pack, t => t.Namespace?.StartsWith("PushGateway.Webhooks", StringComparison.Ordinal) == true);
    }
}
