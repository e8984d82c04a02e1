using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.Options;

namespace PushGateway.Auth;

/// <summary>Turns a refusal by <see cref="CallerRequirementHandler"/> into a 403 that says why, and logs it once.</summary>
internal sealed class GatewayAuthorizationResultHandler(
    IOptions<AuthOptions> options, ILogger<GatewayAuthorizationResultHandler> logger) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        var reason = authorizeResult.AuthorizationFailure?.FailureReasons.OfType<CallerFailureReason>().FirstOrDefault();
        if (authorizeResult.Succeeded)
        {
            // What the default handler does on success, without an async frame that a hub connection would keep.
            return next(context);
        }

        if (!authorizeResult.Forbidden || reason is null)
        {
            return _default.HandleAsync(next, context, policy, authorizeResult);
        }

        return ForbidAsync(context, reason);
    }

    private async Task ForbidAsync(HttpContext context, CallerFailureReason reason)
    {
        var token = BearerToken.Peek(BearerToken.Find(context.Request));
        AuthLog.TokenForbidden(logger, context.Request.Path, reason.Message, BearerToken.SubjectForLog(token));
        var scope = reason.ErrorCode == BearerErrors.InsufficientScope ? options.Value.AdminScope : null;
        await BearerResponses.WriteErrorAsync(context, StatusCodes.Status403Forbidden, reason.ErrorCode, reason.Message, scope);
    }
}
