namespace PushGateway.Realtime;

/// <summary>Outcome of validating a <c>Subscribe</c>: a plan, or a readable error and a short reason for the metric.</summary>
internal sealed record SubscribeValidation(SubscriptionPlan? Plan, string? Error, string? Reason)
{
    public static SubscribeValidation Ok(SubscriptionPlan plan) => new(plan, null, null);

    public static SubscribeValidation Fail(string reason, string error) => new(null, error, reason);
}
