using MongoDB.Bson;

namespace PushGateway.EmbeddedMongo.Tests.Unified;

/// <summary>The unified format's <c>runOnRequirements</c>: satisfied when any one of the listed requirements is.</summary>
internal static class RunOnRequirements
{
    /// <summary>Null when the requirements allow the target; otherwise the skip reason.</summary>
    public static string? Check(BsonValue? requirements, ServerProfile server)
    {
        if (requirements is not BsonArray list || list.Count == 0 || list.Any(r => IsSatisfied(r.AsBsonDocument, server)))
        {
            return null;
        }

        return $"runOnRequirements exclude this target (MongoDB {server.VersionText}, {server.Topology}{(server.Auth ? ", auth" : "")}): {list.ToJson()}";
    }

    private static bool IsSatisfied(BsonDocument requirement, ServerProfile server)
    {
        foreach (var element in requirement)
        {
            var ok = element.Name switch
            {
                "minServerVersion" => Compare(server.Version, element.Value.AsString) >= 0,
                "maxServerVersion" => Compare(server.Version, element.Value.AsString) <= 0,
                "topologies" => element.Value.AsBsonArray.Any(t => t.AsString == server.Topology),
                "serverless" => element.Value.AsString != "require",
                "auth" => element.Value.ToBoolean() == server.Auth,
                "authMechanism" => false,
                "csfle" => !element.Value.ToBoolean(),

                // Server parameters are not inspected: a test that needs one is not run.
                "serverParameters" => false,
                _ => throw new UnifiedRunnerException($"runOnRequirement '{element.Name}' is not supported by this runner"),
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static int Compare(int[] actual, string required)
    {
        var parts = required.Split('.').Select(int.Parse).ToArray();
        for (var i = 0; i < 3; i++)
        {
            var a = i < actual.Length ? actual[i] : 0;
            var r = i < parts.Length ? parts[i] : 0;
            if (a != r)
            {
                return a.CompareTo(r);
            }
        }

        return 0;
    }
}
