namespace PushGateway.Query.Evaluation;

/// <summary>Unwinds an evaluation whose work budget is spent; caught by <see cref="WorkMeter.Run"/> only.</summary>
internal sealed class WorkBudgetExceededException : Exception
{
    public WorkBudgetExceededException()
        : base("The filter's evaluation work budget is spent.")
    {
    }
}
