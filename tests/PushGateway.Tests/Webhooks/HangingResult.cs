using Microsoft.AspNetCore.Http;

namespace PushGateway.Tests.Webhooks;

/// <summary>A receiver that never answers (until the caller gives up): simulates a hung endpoint for timeout tests.</summary>
internal sealed class HangingResult : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, httpContext.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The gateway timed out and closed the connection.
        }
    }
}
