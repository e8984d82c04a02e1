using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace PushGateway.Auth;

/// <summary>Checks <see cref="CallerRequirement"/> with the configured tenant claim and admin scope, and says why it fails.</summary>
internal sealed class CallerRequirementHandler(CallerResolver resolver, IOptions<AuthOptions> options) : AuthorizationHandler<CallerRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, CallerRequirement requirement)
    {
        if (context.User.Identity?.IsAuthenticated != true)
        {
            // No valid token: the challenge (401) says why.
            return Task.CompletedTask;
        }

        var auth = options.Value;
        var reading = resolver.Read(context.User);
        if (reading.Caller is not { } caller)
        {
            context.Fail(new CallerFailureReason(this, reading.Refusal!, BearerErrors.InvalidToken));
        }
        else if (caller.IsAdmin || (!requirement.AdminOnly && caller.TenantId is not null))
        {
            context.Succeed(requirement);
        }
        else if (requirement.AdminOnly)
        {
            context.Fail(new CallerFailureReason(this, $"This needs the admin scope '{auth.AdminScope}'.", BearerErrors.InsufficientScope));
        }
        else
        {
            context.Fail(new CallerFailureReason(
                this, $"The token carries no '{auth.TenantClaim}' claim (and not the admin scope '{auth.AdminScope}').", BearerErrors.InvalidToken));
        }

        return Task.CompletedTask;
    }
}
