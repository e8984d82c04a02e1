namespace PushGateway.EmbeddedMongo.Tests.Unified;

public sealed class SkipListTests
{
    [SkippableFact]
    public void Entries_EveryKey_NamesAnExistingSpecFileOrTest()
    {
        Skip.If(SpecTestLocator.Directory is null, SpecTestLocator.MissingMessage);
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var folder in new[] { "crud", "retryable-writes", "change-streams" })
        {
            foreach (UnifiedTestCase test in UnifiedTestCatalog.Cases(folder))
            {
                known.Add(test.FileKey);
                known.Add(test.ToString());
            }
        }

        var stale = SkipList.Tests.Keys.Where(k => !known.Contains(k)).ToList();

        Assert.Empty(stale);
    }

    [SkippableFact]
    public void Features_EveryKey_IsUsedBySomeSpecTest()
    {
        Skip.If(SpecTestLocator.Directory is null, SpecTestLocator.MissingMessage);
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var folder in new[] { "crud", "retryable-writes", "change-streams" })
        {
            foreach (UnifiedTestCase test in UnifiedTestCatalog.Cases(folder))
            {
                var spec = UnifiedTestCatalog.Load(test.Folder, test.File)["tests"].AsBsonArray
                    .Select(t => t.AsBsonDocument)
                    .Single(t => t["description"].AsString == test.Description);
                used.UnionWith(TestFeatures.Of(spec));
            }
        }

        var unused = SkipList.Features.Keys.Where(k => !used.Contains(k)).ToList();

        Assert.Empty(unused);
    }

    [Fact]
    public void Entries_EveryReason_IsOneNonEmptyLine()
    {
        var bad = SkipList.Tests.Concat(SkipList.Features).Where(e => string.IsNullOrWhiteSpace(e.Value) || e.Value.Contains('\n', StringComparison.Ordinal)).ToList();

        Assert.Empty(bad);
    }
}
