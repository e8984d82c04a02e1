namespace PushGateway.Auth;

/// <summary>RFC 6750 section 3.1 error codes sent in <c>WWW-Authenticate</c>.</summary>
internal static class BearerErrors
{
    public const string InvalidToken = "invalid_token";

    public const string InsufficientScope = "insufficient_scope";
}
