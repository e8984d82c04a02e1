namespace PushGateway.Query;

/// <summary>MongoDB server error codes used by the query engine, built in one place.</summary>
internal static class QueryErrorCodes
{
    public const int BadValue = 2;
    public const int FailedToParse = 9;
    public const int TypeMismatch = 14;
    public const int InvalidRegex = 51091;
    public const int InvalidRegexOptions = 51108;
    public const int ProjectionPathCollision = 31250;
    public const int ExclusionInInclusionProjection = 31254;
    public const int InclusionInExclusionProjection = 31253;

    public static QueryError BadValueError(string message, string? path = null) => new(BadValue, "BadValue", message, path);

    public static QueryError FailedToParseError(string message, string? path = null) => new(FailedToParse, "FailedToParse", message, path);

    public static QueryError TypeMismatchError(string message, string? path = null) => new(TypeMismatch, "TypeMismatch", message, path);

    public static QueryError Location(int code, string message, string? path = null) => new(code, "Location" + code, message, path);
}
