using Microsoft.AspNetCore.Diagnostics;

namespace PushGateway.Hosting;

/// <summary>
/// Turns a request the framework could not bind (bad JSON, wrong JSON types, unparsable query values, a missing or
/// oversized body) into a ProblemDetails naming the field, logged as one line without a stack trace: it is the
/// client's mistake, not a fault of the gateway.
/// </summary>
internal sealed partial class BadRequestExceptionHandler(IProblemDetailsService problems, ILogger<BadRequestExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad || httpContext.Response.HasStarted)
        {
            return false;
        }

        var description = BadRequestDescription.From(bad, httpContext.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? httpContext.GetEndpoint());
        LogRejected(logger, httpContext.Request.Method, httpContext.Request.Path, description.Status, description.Title);
        httpContext.Response.StatusCode = description.Status;
        var problem = new HttpValidationProblemDetails(description.Errors) { Status = description.Status, Title = description.Title };
        foreach (var (key, value) in description.Extensions)
        {
            problem.Extensions[key] = value;
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = null });
    }

    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Rejected {Method} {Path}: {Status} {Reason}")]
    private static partial void LogRejected(ILogger logger, string method, string path, int status, string reason);
}
