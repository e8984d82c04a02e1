using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace PushGateway.Mongo;

/// <summary>
/// An API call that needs MongoDB while it cannot be reached answers 503 with <c>Retry-After</c> after at most
/// <see cref="MongoOptions.ServerSelectionTimeout"/>, and logs one line: an outage is not a bug, and the driver
/// reconnects by itself.
/// </summary>
internal sealed partial class MongoUnavailableExceptionHandler(
    IProblemDetailsService problems,
    IOptions<MongoOptions> options,
    ILogger<MongoUnavailableExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!MongoUnavailable.Is(exception) || httpContext.Response.HasStarted)
        {
            return false;
        }

        LogUnavailable(logger, httpContext.Request.Method, httpContext.Request.Path, exception.GetType().Name);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(options.Value.ServerSelectionTimeout.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "MongoDB is unreachable.",
            Detail = "The gateway could not reach its MongoDB. Retry later: /health/ready reports when it is back.",
        };
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem });
    }

    [LoggerMessage(EventId = 1010, Level = LogLevel.Warning, Message = "{Method} {Path} answered 503: MongoDB is unreachable ({Error})")]
    private static partial void LogUnavailable(ILogger logger, string method, string path, string error);
}
