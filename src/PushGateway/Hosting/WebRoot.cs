namespace PushGateway.Hosting;

/// <summary>
/// Finds the dashboard files. They live in the repository's top-level <c>wwwroot/</c> (beside
/// <c>src/</c>) so that the dashboard is one obvious folder; a published build carries a copy
/// next to the binaries.
/// </summary>
internal static class WebRoot
{
    public static string Locate()
    {
        // Walk up from the working directory and from the binaries: `dotnet run --project src/PushGateway`
        // starts in the repo root or in the project folder, tests start in bin/, a container in /app.
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "PushGateway.sln")))
                {
                    return Path.Combine(dir.FullName, "wwwroot");
                }
            }
        }

        // Build output outside the repository (e.g. `--artifacts-path`): use the checkout it was built from.
        var builtFrom = typeof(WebRoot).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .OfType<System.Reflection.AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value;
        if (builtFrom is not null && Directory.Exists(Path.Combine(builtFrom, "wwwroot")))
        {
            return Path.Combine(builtFrom, "wwwroot");
        }

        return Path.Combine(AppContext.BaseDirectory, "wwwroot");
    }
}
