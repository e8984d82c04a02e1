using Microsoft.AspNetCore.Http.Features;

namespace PushGateway.Hosting;

/// <summary>
/// Refuses a body larger than <see cref="RequestLimits.MaxBodyBytes"/> before it is read: at once when its
/// <c>Content-Length</c> says so, and through the server's body-size feature for chunked bodies.
/// </summary>
internal sealed class BodySizeLimitMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength > RequestLimits.MaxBodyBytes)
        {
            throw new BadHttpRequestException(BadRequestDescription.BodyTooLarge, StatusCodes.Status413PayloadTooLarge);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = RequestLimits.MaxBodyBytes;
        }

        return next(context);
    }
}
