namespace PushGateway.Query;

/// <summary>
/// A filter, sort or projection that could not be parsed. <see cref="Code"/> and
/// <see cref="CodeName"/> are MongoDB's error codes (2 BadValue, 9 FailedToParse, 14 TypeMismatch, ...);
/// <see cref="Path"/> names the offending place inside an MQL filter (e.g. <c>a.$foo</c>) and
/// <see cref="Line"/>/<see cref="Column"/>/<see cref="Excerpt"/> locate a SQL or JSON syntax error.
/// </summary>
public sealed record QueryError(int Code, string CodeName, string Message, string? Path = null, int? Line = null, int? Column = null, string? Excerpt = null);
