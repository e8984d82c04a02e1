using System.Text;
using Microsoft.Net.Http.Headers;

namespace PushGateway.Auth;

/// <summary>
/// Writes 401/403 responses that say why: an RFC 6750 <c>WWW-Authenticate</c> header (<c>error</c>, <c>error_description</c>,
/// and <c>scope</c> for <c>insufficient_scope</c>) and an RFC 7807 ProblemDetails body with the same sentence.
/// </summary>
internal static class BearerResponses
{
    /// <summary>401 without an error code: no token was sent (RFC 6750 section 3.1).</summary>
    public static Task WriteMissingTokenAsync(HttpContext context) =>
        WriteAsync(context, StatusCodes.Status401Unauthorized, "Bearer",
            "A bearer token is required: send 'Authorization: Bearer <token>' (the hub also accepts '?access_token=<token>').");

    /// <summary>401 or 403 with <paramref name="error"/> and <paramref name="description"/>.</summary>
    public static Task WriteErrorAsync(HttpContext context, int status, string error, string description, string? scope = null)
    {
        var header = new StringBuilder("Bearer error=\"").Append(error).Append("\", error_description=\"").Append(Quote(description)).Append('"');
        if (scope is not null)
        {
            header.Append(", scope=\"").Append(Quote(scope)).Append('"');
        }

        return WriteAsync(context, status, header.ToString(), description);
    }

    private static async Task WriteAsync(HttpContext context, int status, string challenge, string detail)
    {
        context.Response.StatusCode = status;
        context.Response.Headers.Append(HeaderNames.WWWAuthenticate, challenge);
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = status,
                Title = status == StatusCodes.Status401Unauthorized ? "Unauthorized" : "Forbidden",
                Detail = detail,
            },
        });
    }

    /// <summary>RFC 6750 allows only printable ASCII except <c>"</c> and <c>\</c> in these values.</summary>
    private static string Quote(string value) =>
        new([.. value.Select(c => c is '"' ? '\'' : c is '\\' ? '/' : c is < ' ' or > '~' ? '?' : c)]);
}
