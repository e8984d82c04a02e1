using Microsoft.AspNetCore.Http.HttpResults;
using MongoDB.Bson;
using PushGateway.Auth;
using PushGateway.Query;

namespace PushGateway.Filters;

/// <summary><c>POST /api/filters/validate</c>: checks a filter with the query engine, optionally against a sample event.</summary>
internal static class FiltersApi
{
    /// <summary>Longest sample event accepted, in characters of JSON.</summary>
    public const int MaxSampleEventLength = 64 * 1024;

    public static IEndpointRouteBuilder MapFiltersApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/filters/validate", Validate)
            .WithTags("Filters")
            .RequireAuthorization(GatewayPolicies.Tenant)
            .WithName("ValidateFilter")
            .WithSummary("Validate a filter and try it on a sample event")
            .WithDescription(
                "Parses the filter exactly as subscriptions do (MQL as a JSON object or string, or the SQL WHERE dialect) and returns "
                + "`valid`, the errors with their position (`line`/`column`/`excerpt` for syntax errors, `path` for MQL), and the "
                + "canonical MQL form. With `event` (a change event: `operationType`, `ns`, `documentKey`, `fullDocument`, ...), "
                + "`matches` says whether the filter selects it (evaluated with the same work budget as subscriptions). `warnings` "
                + "lists hints about a valid filter that is probably wrong, such as a path that is not a change-event field "
                + "(`status` instead of `fullDocument.status`). An invalid filter is a 200 with `valid: false`; only a malformed "
                + "request (no filter, an event that is not a JSON object or longer than 65,536 characters) is a 400.")
            .Accepts<FilterValidationRequest>("application/json")
            .Produces<FilterValidationResponse>()
            .ProducesValidationProblem();
        return app;
    }

    private static Results<Ok<FilterValidationResponse>, ValidationProblem> Validate(FilterValidationRequest request)
    {
        if (request.Filter is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["filter"] = ["A filter is required (a JSON object or a string)."] });
        }

        BsonDocument? sample = null;
        if (request.Event is { } element && element.ValueKind is not (System.Text.Json.JsonValueKind.Null or System.Text.Json.JsonValueKind.Undefined))
        {
            var raw = element.ValueKind == System.Text.Json.JsonValueKind.Object ? element.GetRawText() : null;
            if (raw is { Length: > MaxSampleEventLength })
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["event"] = [$"The event is longer than {MaxSampleEventLength} characters of JSON."] });
            }

            if (raw is null || !TryParseDocument(raw, out sample))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["event"] = ["The event must be a JSON object (Extended JSON is accepted)."] });
            }
        }

        var check = FilterInput.Parse(request.Filter);
        if (check.Filter is not { } filter)
        {
            return TypedResults.Ok(new FilterValidationResponse(false, [FilterErrorResponse.From(check.Error!)], null, null, []));
        }

        var warnings = check.Warnings.ToList();
        bool? matches = null;
        if (sample is not null)
        {
            // The same per-event bound as subscriptions (work units and time), so validate cannot be made to run long.
            var outcome = filter.Evaluate(sample, GatewayFilter.NewTenantBudget());
            matches = outcome == MatchOutcome.Match;
            if (outcome == MatchOutcome.BudgetExceeded)
            {
                warnings.Add($"Evaluating the filter on this event took more work than a filter may spend on one event ({filter.MaxEvaluationWork} units: array elements visited and regex input, or {GatewayFilter.TenantTimePerEvent.TotalMilliseconds} ms), so it counts as no match; subscriptions behave the same.");
            }
        }

        return TypedResults.Ok(new FilterValidationResponse(true, [], filter.ToString(), matches, warnings));
    }

    private static bool TryParseDocument(string json, out BsonDocument? document)
    {
        try
        {
            document = BsonDocument.Parse(json);
            return true;
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or OverflowException or ArgumentException or BsonException or InvalidCastException)
        {
            document = null;
            return false;
        }
    }
}
