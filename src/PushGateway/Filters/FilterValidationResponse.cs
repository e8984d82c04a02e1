namespace PushGateway.Filters;

/// <summary>
/// Whether the filter is valid, its errors, its canonical MQL form, whether it matches the sample event (when one was
/// given), and warnings: hints about a valid filter that is probably wrong (a path outside the change event), or a
/// sample evaluation stopped by the filter's work budget.
/// </summary>
internal sealed record FilterValidationResponse(bool Valid, IReadOnlyList<FilterErrorResponse> Errors, string? Canonical, bool? Matches, IReadOnlyList<string> Warnings);
