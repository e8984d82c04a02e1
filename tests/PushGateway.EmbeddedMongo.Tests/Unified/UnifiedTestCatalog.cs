using System.Collections.Concurrent;
using MongoDB.Bson;

namespace PushGateway.EmbeddedMongo.Tests.Unified;

/// <summary>Enumerates spec test files into xunit theory rows and loads (once) the parsed files.</summary>
internal static class UnifiedTestCatalog
{
    private static readonly ConcurrentDictionary<string, BsonDocument> Files = new(StringComparer.Ordinal);

    public static TheoryData<UnifiedTestCase> Cases(string folder)
    {
        var data = new TheoryData<UnifiedTestCase>();
        var root = SpecTestLocator.Directory;
        var directory = root is null ? null : Path.Combine(root, folder);
        if (directory is null || !Directory.Exists(directory))
        {
            data.Add(new UnifiedTestCase(folder, "", ""));
            return data;
        }

        foreach (var path in Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            var file = Path.GetFileNameWithoutExtension(path);
            foreach (var test in Load(folder, file)["tests"].AsBsonArray)
            {
                data.Add(new UnifiedTestCase(folder, file, test["description"].AsString));
            }
        }

        return data;
    }

    /// <summary>The parsed file (canonical and relaxed Extended JSON). Callers must clone before handing parts to the driver.</summary>
    public static BsonDocument Load(string folder, string file) =>
        Files.GetOrAdd($"{folder}/{file}", _ =>
            BsonDocument.Parse(File.ReadAllText(Path.Combine(SpecTestLocator.Directory!, folder, file + ".json"))));
}
