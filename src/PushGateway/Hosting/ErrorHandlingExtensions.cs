namespace PushGateway.Hosting;

/// <summary>Every error response is an RFC 7807 ProblemDetails; exception text never reaches a client.</summary>
internal static class ErrorHandlingExtensions
{
    public static WebApplicationBuilder AddGatewayErrors(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(options =>
            options.CustomizeProblemDetails = context =>
                context.ProblemDetails.Extensions["traceId"] = context.HttpContext.TraceIdentifier);
        return builder;
    }

    public static WebApplication UseGatewayErrors(this WebApplication app)
    {
        // The handler writes a ProblemDetails with status 500 and logs the exception; the developer page
        // would leak stack traces, so it is not used even in Development.
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}
