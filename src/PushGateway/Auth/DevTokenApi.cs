using Microsoft.AspNetCore.Http.HttpResults;

namespace PushGateway.Auth;

/// <summary><c>POST /api/dev/token</c>: a signed token for the dashboard, in Development only.</summary>
internal static class DevTokenApi
{
    public static IEndpointRouteBuilder MapDevTokenApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/dev/token", Issue)
            .WithTags("Development")
            .WithSummary("Issue a development token")
            .WithDescription("Development only: signs a token with Auth:SigningKey for the given tenant. Absent outside Development.")
            .AllowAnonymous();
        return app;
    }

    private static Results<Ok<DevTokenResponse>, ValidationProblem, ProblemHttpResult> Issue(DevTokenRequest request, DevTokenIssuer issuer)
    {
        if (issuer.Refusal is { } refusal)
        {
            return TypedResults.Problem(refusal, statusCode: StatusCodes.Status409Conflict, title: "Development tokens are not available");
        }

        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrEmpty(request.TenantId) && request.Admin != true)
        {
            errors["tenantId"] = ["A tenantId is required unless admin is true."];
        }
        else if (request.TenantId is { } tenant && TenantIds.Problem(tenant) is { } problem)
        {
            errors["tenantId"] = [$"The tenantId {problem}."];
        }

        if (request.LifetimeMinutes is < 1 or > 720)
        {
            errors["lifetimeMinutes"] = ["lifetimeMinutes must be between 1 and 720."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var (token, expiresAt) = issuer.Issue(request.TenantId, request.Admin == true, TimeSpan.FromMinutes(request.LifetimeMinutes ?? 60));
        return TypedResults.Ok(new DevTokenResponse(token, expiresAt));
    }

    /// <summary>Which tenant the token is for; <c>admin</c> adds the admin scope.</summary>
    internal sealed record DevTokenRequest(string? TenantId, bool? Admin, int? LifetimeMinutes);

    /// <summary>A signed bearer token and when it expires.</summary>
    internal sealed record DevTokenResponse(string AccessToken, DateTimeOffset ExpiresAt);
}
