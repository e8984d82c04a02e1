using MongoDB.Bson;

namespace PushGateway.EmbeddedMongo.Tests.Unified;

/// <summary>
/// What a test uses, as skip-list feature keys: <c>operation:&lt;name&gt;</c>, <c>argument:&lt;name&gt;</c> (any
/// depth inside an operation's arguments, so bulk requests count) and <c>failPoint:&lt;name&gt;</c>.
/// </summary>
internal static class TestFeatures
{
    public static IEnumerable<string> Of(BsonDocument test)
    {
        var features = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var operation in test["operations"].AsBsonArray.Select(o => o.AsBsonDocument))
        {
            features.Add($"operation:{operation["name"].AsString}");
            if (operation.TryGetValue("arguments", out var arguments))
            {
                CollectArguments(arguments, features, depth: 0);
            }
        }

        return features;
    }

    private static void CollectArguments(BsonValue value, SortedSet<string> features, int depth)
    {
        switch (value)
        {
            case BsonDocument document:
                foreach (var element in document)
                {
                    if (element.Name == "configureFailPoint" && element.Value.IsString)
                    {
                        features.Add($"failPoint:{element.Value.AsString}");
                    }

                    // Argument names live in the first levels (arguments, bulk requests and their bodies), not in user documents.
                    if (depth <= 5)
                    {
                        features.Add($"argument:{element.Name}");
                        CollectArguments(element.Value, features, depth + 1);
                    }
                }

                break;
            case BsonArray array:
                foreach (var item in array)
                {
                    CollectArguments(item, features, depth);
                }

                break;
        }
    }
}
