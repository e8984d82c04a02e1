using Microsoft.AspNetCore.Http;

namespace PushGateway.Tests.Webhooks;

/// <summary>A 429 answer asking the sender to wait <c>seconds</c>.</summary>
internal sealed class RetryAfterResult(int seconds) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        httpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Task.CompletedTask;
    }
}
