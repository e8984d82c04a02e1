namespace PushGateway.Filters;

/// <summary>Whether the filter is valid, its errors, its canonical MQL form, and whether it matches the sample event (when one was given).</summary>
internal sealed record FilterValidationResponse(bool Valid, IReadOnlyList<FilterErrorResponse> Errors, string? Canonical, bool? Matches);
