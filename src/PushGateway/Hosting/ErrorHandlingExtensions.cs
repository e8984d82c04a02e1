using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace PushGateway.Hosting;

/// <summary>
/// Every error response is an RFC 7807 ProblemDetails; exception text never reaches a client. A malformed request
/// (JSON syntax, wrong JSON types, unparsable query values, too deep, too large) is a 400/413/415 naming the field and,
/// for JSON, its line and column, in every environment alike.
/// </summary>
internal static class ErrorHandlingExtensions
{
    public static WebApplicationBuilder AddGatewayErrors(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(options =>
            options.CustomizeProblemDetails = context =>
            {
                context.ProblemDetails.Extensions["traceId"] = context.HttpContext.TraceIdentifier;
                // Status codes the framework sets without an exception (status-code pages): say what to do.
                context.ProblemDetails.Detail ??= context.ProblemDetails.Status switch
                {
                    StatusCodes.Status413PayloadTooLarge => BadRequestDescription.BodyTooLarge,
                    StatusCodes.Status415UnsupportedMediaType => "Send the body as JSON, with Content-Type: application/json.",
                    _ => null,
                };
            });

        // Binding failures become exceptions everywhere (not only in Development), so BadRequestExceptionHandler can
        // say what was wrong instead of a bare 400.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.Services.Configure<JsonOptions>(o => o.SerializerOptions.MaxDepth = RequestLimits.MaxJsonDepth);
        builder.Services.Configure<KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = RequestLimits.MaxBodyBytes);
        StartupFailure.QuietHostLogsUntilStarted(builder);
        return builder;
    }

    public static WebApplication UseGatewayErrors(this WebApplication app)
    {
        StartupFailure.OpenLogsOnStarted(app);

        // The handler writes a ProblemDetails with status 500 and logs the exception; the developer page
        // would leak stack traces, so it is not used even in Development. Hub transport requests skip both: SignalR
        // answers their errors itself, and both middlewares would stay suspended for the life of every connection.
        app.UseWhen(context => !LongLivedRequests.IsHubTransport(context), errors =>
        {
            errors.UseExceptionHandler();
            errors.UseStatusCodePages();
        });
        app.UseMiddleware<BodySizeLimitMiddleware>();
        return app;
    }
}
