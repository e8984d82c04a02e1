using MongoDB.Bson;

namespace PushGateway.Query.Tests;

/// <summary>
/// The work one evaluation may do is bounded for untrusted filters (array elements visited, regex input weighted by
/// the pattern's size), so one tenant's filter on its own adversarial documents cannot hold up the events of others.
/// </summary>
public class EvaluationBudgetTests
{
    private static Filter Untrusted(string text) => FilterText.Parse(text, QueryLimits.Untrusted).Filter!;

    private static BsonDocument ManyStrings(int count, int length) =>
        new("fullDocument", new BsonDocument("s", new BsonArray(Enumerable.Range(0, count).Select(_ => new string('a', length)))));

    [Fact]
    public void Evaluate_ExpensiveRegexOnAdversarialDocument_StopsWithBudgetExceeded()
    {
        var filter = Untrusted("""{"fullDocument.s": {"$regex": "^(a|aa)+(a|b){50}b$"}}""");

        var outcome = filter.Evaluate(ManyStrings(300, 10_000));

        Assert.Equal(MatchOutcome.BudgetExceeded, outcome);
        Assert.False(filter.Matches(ManyStrings(300, 10_000)));
    }

    [Fact]
    public void Evaluate_PatternWithSlowLazyAutomaton_StoppedByRegexTimeout()
    {
        // Building this pattern's automaton on 3,000 mixed characters takes seconds; the budget in units cannot see
        // that in advance, the untrusted regex timeout stops it.
        var filter = Untrusted("""{"fullDocument.s": {"$regex": "(.*a.{30}){8}e"}}""");
        var random = new Random(7);
        var text = new string([.. Enumerable.Range(0, 3_000).Select(_ => (char)('a' + random.Next(4)))]);

        Assert.Equal(MatchOutcome.BudgetExceeded, filter.Evaluate(new BsonDocument("fullDocument", new BsonDocument("s", text))));
    }

    [Fact]
    public void Evaluate_HugeArrayWalk_StopsWithBudgetExceeded()
    {
        var filter = Untrusted("fullDocument.items.sku = 'x'");
        var items = new BsonArray(Enumerable.Range(0, 300_000).Select(i => new BsonDocument("sku", "s" + i)));

        Assert.Equal(MatchOutcome.BudgetExceeded, filter.Evaluate(new BsonDocument("fullDocument", new BsonDocument("items", items))));
    }

    [Fact]
    public void Evaluate_TypicalEventWithinBudget_MatchesNormally()
    {
        var filter = Untrusted("fullDocument.items.sku = 's999' AND fullDocument.name LIKE 'acme%'");
        var items = new BsonArray(Enumerable.Range(0, 1_000).Select(i => new BsonDocument("sku", "s" + i)));
        var document = new BsonDocument("fullDocument", new BsonDocument { { "name", "acme " + new string('x', 5_000) }, { "items", items } });

        Assert.Equal(MatchOutcome.Match, filter.Evaluate(document));
    }

    [Fact]
    public void Evaluate_DefaultLimits_Unbounded()
    {
        var filter = FilterText.Parse("fullDocument.items.sku = 'x'").Filter!;
        var items = new BsonArray(Enumerable.Range(0, 300_000).Select(i => new BsonDocument("sku", i == 299_999 ? "x" : "y")));

        Assert.Equal(0, filter.MaxEvaluationWork);
        Assert.Equal(MatchOutcome.Match, filter.Evaluate(new BsonDocument("fullDocument", new BsonDocument("items", items))));
    }

    [Fact]
    public void And_TenantConditionWithUntrustedFilter_KeepsTheBudget()
    {
        var tenant = MqlFilter.Parse(new BsonDocument("tenantId", "t1")).Filter!;
        var client = Untrusted("fullDocument.items.sku = 'x'");

        var combined = Filter.And(tenant, client);

        Assert.Equal(QueryLimits.Untrusted.MaxEvaluationWork, combined.MaxEvaluationWork);
    }

    [Fact]
    public void Evaluate_BudgetExceeded_CountedInMetric()
    {
        var filter = Untrusted("""{"fullDocument.s": {"$regex": "b$"}}""");
        var before = QueryMetrics.BudgetExceededTotal;

        filter.Evaluate(ManyStrings(100, 100_000));

        Assert.True(QueryMetrics.BudgetExceededTotal > before);
    }

    [Fact]
    public void SubscriptionIndex_UntrustedFilter_BudgetApplies()
    {
        using var index = new SubscriptionIndex<int>();
        index.Add(1, Untrusted("""{"fullDocument.s": {"$regex": "b$"}}"""));
        index.Add(2, Untrusted("""{"fullDocument.s.0": {"$regex": "^a"}}"""));
        var matches = new List<int>();

        index.Match(ManyStrings(300, 10_000), matches);

        Assert.Equal([2], matches);
    }

    [Fact]
    public void Evaluate_SharedBudget_ManyFiltersCannotMultiplyTheWork()
    {
        var filters = Enumerable.Range(0, 50).Select(i => Untrusted($"fullDocument.items.sku = 'x{i}'")).ToArray();
        var items = new BsonArray(Enumerable.Range(0, 10_000).Select(i => new BsonDocument("sku", "s" + i)));
        var document = new BsonDocument("fullDocument", new BsonDocument("items", items));
        var shared = new EvaluationBudget(100_000);

        var outcomes = filters.Select(f => f.Evaluate(document, shared)).ToArray();

        // Each walk costs 20,000 units: five fit, the rest stop at once.
        Assert.Equal(5, outcomes.Count(o => o == MatchOutcome.NoMatch));
        Assert.Equal(45, outcomes.Count(o => o == MatchOutcome.BudgetExceeded));
        Assert.True(shared.Remaining <= 0);
    }

    [Fact]
    public void SubscriptionIndex_SharedBudget_BoundsOneTenantsFiltersWithoutTouchingOthers()
    {
        using var index = new SubscriptionIndex<string>();
        for (var i = 0; i < 50; i++)
        {
            index.Add($"attacker-{i}", Filter.And(MqlFilter.Parse(new BsonDocument("tenantId", "attacker")).Filter!, Untrusted($"fullDocument.items.sku >= 'z{i}'")));
        }

        index.Add("victim", Filter.And(MqlFilter.Parse(new BsonDocument("tenantId", "victim")).Filter!, Untrusted("fullDocument.items.sku = 's1'")));
        var items = new BsonArray(Enumerable.Range(0, 10_000).Select(i => new BsonDocument("sku", "s" + i)));
        var attackerBudget = new EvaluationBudget(100_000);
        var victimBudget = new EvaluationBudget(100_000);
        var matches = new List<string>();

        index.Match(new BsonDocument { { "tenantId", "attacker" }, { "fullDocument", new BsonDocument("items", items) } }, matches, attackerBudget);
        index.Match(new BsonDocument { { "tenantId", "victim" }, { "fullDocument", new BsonDocument("items", items) } }, matches, victimBudget);

        Assert.True(attackerBudget.Remaining <= 0);
        Assert.Equal(["victim"], matches);
        Assert.Equal(80_000, victimBudget.Remaining);
    }
}
