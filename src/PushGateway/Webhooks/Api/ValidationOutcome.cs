using PushGateway.Filters;

namespace PushGateway.Webhooks.Api;

/// <summary>The per-field errors of a subscription request (empty when valid) and its parsed filter.</summary>
internal sealed record ValidationOutcome(Dictionary<string, string[]> Errors, FilterCheck Filter)
{
    public bool IsValid => Errors.Count == 0;

    /// <summary>ProblemDetails extensions: the filter error with its position, when the filter is what failed.</summary>
    public Dictionary<string, object?>? Extensions => Filter.Error is { } error
        ? new Dictionary<string, object?> { ["filterError"] = FilterErrorResponse.From(error) }
        : null;
}
