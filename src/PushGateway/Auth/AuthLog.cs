namespace PushGateway.Auth;

/// <summary>Authentication log messages; event ids 8000–8099. Never the token itself.</summary>
internal static partial class AuthLog
{
    [LoggerMessage(EventId = 8000, Level = LogLevel.Information, Message = "Bearer token refused on {Path}: {Reason} (sub {Subject})")]
    public static partial void TokenRefused(ILogger logger, string path, string reason, string subject);

    [LoggerMessage(EventId = 8001, Level = LogLevel.Information, Message = "Token of {Subject} forbidden on {Path}: {Reason}")]
    public static partial void TokenForbidden(ILogger logger, string path, string reason, string subject);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Warning, Message = "The identity provider's metadata could not be loaded from {Authority}: {Error}")]
    public static partial void MetadataUnavailable(ILogger logger, string authority, string error);
}
