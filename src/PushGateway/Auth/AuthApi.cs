using Microsoft.AspNetCore.Http.HttpResults;

namespace PushGateway.Auth;

/// <summary><c>GET /api/auth/me</c>: what the gateway reads from the caller's token.</summary>
internal static class AuthApi
{
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/auth/me", Me)
            .WithTags("Auth")
            .WithSummary("Describe the caller")
            .WithDescription("Returns the tenant, scopes and admin flag the gateway reads from the bearer token.")
            .RequireAuthorization(GatewayPolicies.Tenant);
        return app;
    }

    private static Results<Ok<CallerResponse>, UnauthorizedHttpResult> Me(HttpContext context, CallerResolver resolver)
    {
        var caller = resolver.Resolve(context.User);
        return caller is null
            ? TypedResults.Unauthorized()
            : TypedResults.Ok(new CallerResponse(caller.Subject, caller.TenantId, caller.IsAdmin, [.. caller.Scopes.Order(StringComparer.Ordinal)]));
    }

    /// <summary>The caller as the gateway sees it.</summary>
    internal sealed record CallerResponse(string? Subject, string? TenantId, bool IsAdmin, string[] Scopes);
}
