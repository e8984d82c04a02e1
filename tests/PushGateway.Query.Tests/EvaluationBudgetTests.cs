using MongoDB.Bson;

namespace PushGateway.Query.Tests;

public class EvaluationBudgetTests
{
    private static readonly BsonDocument Document = new("s", "abc");

    [Fact]
    public void Evaluate_SharedBudgetWithTimeSpent_StopsAsBudgetExceeded()
    {
        var filter = MqlFilter.ParseJson("{\"s\": {\"$regex\": \"b\"}}", QueryLimits.Untrusted).Filter!;
        var budget = new EvaluationBudget(1_000_000, TimeSpan.Zero);

        // A zero time limit is spent by the first regex match: the evaluation stops and the shared budget is used up.
        Assert.Equal(MatchOutcome.BudgetExceeded, filter.Evaluate(Document, budget));
        Assert.Equal(0, budget.Remaining);
    }

    [Fact]
    public void Evaluate_SharedBudgetWithTimeLeft_Matches()
    {
        var filter = MqlFilter.ParseJson("{\"s\": {\"$regex\": \"b\"}}", QueryLimits.Untrusted).Filter!;
        var budget = new EvaluationBudget(1_000_000, TimeSpan.FromMinutes(5));

        Assert.Equal(MatchOutcome.Match, filter.Evaluate(Document, budget));
        Assert.True(budget.Remaining > 0);
    }
}
