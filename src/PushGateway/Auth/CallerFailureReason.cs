using Microsoft.AspNetCore.Authorization;

namespace PushGateway.Auth;

/// <summary>Why <see cref="CallerRequirementHandler"/> refused a token, with the RFC 6750 error code to send.</summary>
internal sealed class CallerFailureReason(IAuthorizationHandler handler, string message, string errorCode)
    : AuthorizationFailureReason(handler, message)
{
    /// <summary><c>invalid_token</c> (a claim is missing or malformed) or <c>insufficient_scope</c> (the admin scope is needed).</summary>
    public string ErrorCode { get; } = errorCode;
}
