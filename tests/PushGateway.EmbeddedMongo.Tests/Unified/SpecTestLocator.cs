using System.Runtime.CompilerServices;

namespace PushGateway.EmbeddedMongo.Tests.Unified;

/// <summary>
/// Finds MongoDB's unified spec tests at run time: the folder named by <c>MONGODB_SPEC_TESTS</c>, else
/// <c>../shared/mongodb-spec-tests</c> relative to the repository root. The files are test data under their own
/// licence and are never copied into this repository.
/// </summary>
internal static class SpecTestLocator
{
    public const string Variable = "MONGODB_SPEC_TESTS";

    private static readonly Lazy<string?> Root = new(Find);

    /// <summary>The folder holding crud/, retryable-writes/, change-streams/; null when there is none.</summary>
    public static string? Directory => Root.Value;

    public static string MissingMessage =>
        $"MongoDB unified spec tests not found: set {Variable} or place them at ../shared/mongodb-spec-tests next to the repository";

    private static string? Find()
    {
        var configured = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return System.IO.Directory.Exists(configured) ? Path.GetFullPath(configured) : null;
        }

        // Build output may live outside the tree (--artifacts-path), so search from the source file and the working folder.
        foreach (var start in new[] { SourceDirectory(), System.IO.Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "PushGateway.sln")))
                {
                    var candidate = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "mongodb-spec-tests"));
                    return System.IO.Directory.Exists(candidate) ? candidate : null;
                }
            }
        }

        return null;
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path) ?? ".";
}
