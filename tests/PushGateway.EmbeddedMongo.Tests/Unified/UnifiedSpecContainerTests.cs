using PushGateway.Testing;

namespace PushGateway.EmbeddedMongo.Tests.Unified;

/// <summary>
/// The same spec tests against a real <c>mongo:7</c> replica set in Docker (Testcontainers): the cross-check that the
/// runner's expectations, and so the embedded server's behaviour, are mongod's. Skipped where no Docker engine runs.
/// </summary>
public sealed class UnifiedSpecContainerTests(MongoContainerTarget target) : IClassFixture<MongoContainerTarget>
{
    public static TheoryData<UnifiedTestCase> Crud => UnifiedTestCatalog.Cases("crud");

    public static TheoryData<UnifiedTestCase> RetryableWrites => UnifiedTestCatalog.Cases("retryable-writes");

    public static TheoryData<UnifiedTestCase> ChangeStreams => UnifiedTestCatalog.Cases("change-streams");

    public static TheoryData<UnifiedTestCase> Transactions => UnifiedTestCatalog.Cases("transactions");

    public static TheoryData<UnifiedTestCase> TransactionsConvenientApi => UnifiedTestCatalog.Cases("transactions-convenient-api");

    [SkippableTheory]
    [MemberData(nameof(Crud))]
    public Task Crud_SpecTestOnMongod_Passes(UnifiedTestCase test) => UnifiedTestRunner.RunAsync(target, test);

    [SkippableTheory]
    [MemberData(nameof(RetryableWrites))]
    public Task RetryableWrites_SpecTestOnMongod_Passes(UnifiedTestCase test) => UnifiedTestRunner.RunAsync(target, test);

    [SkippableTheory]
    [MemberData(nameof(ChangeStreams))]
    public Task ChangeStreams_SpecTestOnMongod_Passes(UnifiedTestCase test) => UnifiedTestRunner.RunAsync(target, test);

    [SkippableTheory]
    [MemberData(nameof(Transactions))]
    public Task Transactions_SpecTestOnMongod_Passes(UnifiedTestCase test) => UnifiedTestRunner.RunAsync(target, test);

    [SkippableTheory]
    [MemberData(nameof(TransactionsConvenientApi))]
    public Task TransactionsConvenientApi_SpecTestOnMongod_Passes(UnifiedTestCase test) => UnifiedTestRunner.RunAsync(target, test);
}
