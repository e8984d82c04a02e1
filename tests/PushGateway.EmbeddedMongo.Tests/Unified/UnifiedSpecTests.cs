using PushGateway.Testing;

namespace PushGateway.EmbeddedMongo.Tests.Unified;

/// <summary>
/// MongoDB's unified spec tests against the test target: the embedded server, or the replica set named by
/// <c>PUSHGATEWAY_TEST_MONGO</c>. One theory row per spec test, named <c>folder/file: description</c>.
/// </summary>
public sealed class UnifiedSpecTests(MongoTarget target) : IClassFixture<MongoTarget>
{
    public static TheoryData<UnifiedTestCase> Crud => UnifiedTestCatalog.Cases("crud");

    public static TheoryData<UnifiedTestCase> RetryableWrites => UnifiedTestCatalog.Cases("retryable-writes");

    public static TheoryData<UnifiedTestCase> ChangeStreams => UnifiedTestCatalog.Cases("change-streams");

    public static TheoryData<UnifiedTestCase> Transactions => UnifiedTestCatalog.Cases("transactions");

    public static TheoryData<UnifiedTestCase> TransactionsConvenientApi => UnifiedTestCatalog.Cases("transactions-convenient-api");

    [SkippableTheory]
    [MemberData(nameof(Crud))]
    public Task Crud_SpecTest_PassesOrIsSkipListed(UnifiedTestCase test) => UnifiedTestRunner.RunAsync(target, test);

    [SkippableTheory]
    [MemberData(nameof(RetryableWrites))]
    public Task RetryableWrites_SpecTest_PassesOrIsSkipListed(UnifiedTestCase test) => UnifiedTestRunner.RunAsync(target, test);

    [SkippableTheory]
    [MemberData(nameof(ChangeStreams))]
    public Task ChangeStreams_SpecTest_PassesOrIsSkipListed(UnifiedTestCase test) => UnifiedTestRunner.RunAsync(target, test);

    [SkippableTheory]
    [MemberData(nameof(Transactions))]
    public Task Transactions_SpecTest_PassesOrIsSkipListed(UnifiedTestCase test) => UnifiedTestRunner.RunAsync(target, test);

    [SkippableTheory]
    [MemberData(nameof(TransactionsConvenientApi))]
    public Task TransactionsConvenientApi_SpecTest_PassesOrIsSkipListed(UnifiedTestCase test) => UnifiedTestRunner.RunAsync(target, test);
}
