using PushGateway.Testing;

namespace PushGateway.EmbeddedMongo.Tests.Unified;

/// <summary>
/// The same spec tests against a real <c>mongo:7</c> replica set in Docker (Testcontainers): the cross-check that the
/// runner's expectations, and so the embedded server's behaviour, are mongod's. Where no Docker engine answers, the
/// whole cross-check is ONE skipped test whose reason says so, instead of a skipped row per spec test.
/// </summary>
public sealed class UnifiedSpecContainerTests(MongoContainerTarget target) : IClassFixture<MongoContainerTarget>
{
    private static readonly string[] Folders = ["crud", "retryable-writes", "change-streams", "transactions", "transactions-convenient-api"];

    public static TheoryData<UnifiedTestCase> Cases()
    {
        // Discovery-time probe (about a second at most, cached): rows only where they can run.
        if (DockerEngine.UnavailableReasonAsync().GetAwaiter().GetResult() is { } reason)
        {
            return new TheoryData<UnifiedTestCase> { UnifiedTestCase.Placeholder("mongod cross-check", reason) };
        }

        var data = new TheoryData<UnifiedTestCase>();
        foreach (var folder in Folders)
        {
            foreach (var row in UnifiedTestCatalog.Cases(folder))
            {
                data.Add(row);
            }
        }

        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public Task SpecTest_OnMongod_Passes(UnifiedTestCase test) => UnifiedTestRunner.RunAsync(target, test);
}
