using PushGateway.Query;

namespace PushGateway.Filters;

/// <summary>One filter error: MongoDB's code and code name, a message, and where (MQL path, or line/column/excerpt of a syntax error).</summary>
internal sealed record FilterErrorResponse(int Code, string CodeName, string Message, string? Path, int? Line, int? Column, string? Excerpt)
{
    public static FilterErrorResponse From(QueryError error) =>
        new(error.Code, error.CodeName, error.Message, error.Path, error.Line, error.Column, error.Excerpt);
}
