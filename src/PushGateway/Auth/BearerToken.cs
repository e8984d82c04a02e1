using Microsoft.IdentityModel.JsonWebTokens;

namespace PushGateway.Auth;

/// <summary>Where the gateway finds a request's bearer token, and a safe look at it for error messages and logs.</summary>
internal static class BearerToken
{
    /// <summary>Paths whose clients may pass the token in the <c>access_token</c> query string (WebSockets and SSE cannot set headers).</summary>
    public const string HubPathPrefix = "/hubs";

    private const int MaxLoggedSubjectLength = 64;

    /// <summary>The <c>access_token</c> query value on hub paths; null elsewhere (the handler reads the header itself).</summary>
    public static string? FromQuery(HttpRequest request)
    {
        var value = request.Query["access_token"].ToString();
        return value.Length > 0 && request.Path.StartsWithSegments(HubPathPrefix) ? value : null;
    }

    /// <summary>The raw token of <paramref name="request"/> (header, or query on hub paths), if any.</summary>
    public static string? Find(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : FromQuery(request);
    }

    /// <summary>The token parsed without validation, or null when it is not a JWT. Only for describing a failure.</summary>
    public static JsonWebToken? Peek(string? token)
    {
        var handler = new JsonWebTokenHandler();
        if (string.IsNullOrEmpty(token) || !handler.CanReadToken(token))
        {
            return null;
        }

        try
        {
            return handler.ReadJsonWebToken(token);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>The <c>sub</c> of an unvalidated token, shortened and stripped of control characters for a log line.</summary>
    public static string SubjectForLog(JsonWebToken? token)
    {
        if (token is null || !token.TryGetPayloadValue<string>(GatewayClaims.Subject, out var subject) || string.IsNullOrEmpty(subject))
        {
            return "-";
        }

        var clean = new string([.. subject.Where(c => !char.IsControl(c)).Take(MaxLoggedSubjectLength)]);
        return clean.Length == 0 ? "-" : clean;
    }
}
