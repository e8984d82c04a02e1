using Microsoft.AspNetCore.Authorization;

namespace PushGateway.Auth;

/// <summary>Checks <see cref="CallerRequirement"/> with the configured tenant claim and admin scope.</summary>
internal sealed class CallerRequirementHandler(CallerResolver resolver) : AuthorizationHandler<CallerRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, CallerRequirement requirement)
    {
        var caller = resolver.Resolve(context.User);
        if (caller is not null && (caller.IsAdmin || (!requirement.AdminOnly && caller.TenantId is not null)))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
