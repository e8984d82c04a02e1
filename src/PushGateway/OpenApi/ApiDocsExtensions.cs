using Microsoft.OpenApi;

namespace PushGateway.OpenApi;

/// <summary>Swagger UI at <c>/swagger</c> and the OpenAPI document at <c>/swagger/v1/swagger.json</c>, with Bearer auth usable from the UI.</summary>
internal static class ApiDocsExtensions
{
    private const string BearerScheme = "Bearer";

    public static WebApplicationBuilder AddApiDocs(this WebApplicationBuilder builder)
    {
        builder.Services.AddEndpointsApiExplorer();
        builder.Services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "PushGateway API",
                Version = "v1",
                Description = "Turns MongoDB change streams into real-time pushes: webhook subscriptions, deliveries and filter checks. "
                    + "Authenticate with a JWT bearer token (in Development, POST /api/dev/token issues one).",
            });
            options.AddSecurityDefinition(BearerScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A JWT whose tenant claim scopes every request.",
            });
            options.AddSecurityRequirement(document => new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [],
            });
        });
        return builder;
    }

    public static WebApplication MapApiDocs(this WebApplication app)
    {
        app.UseSwagger();
        app.UseSwaggerUI(options =>
        {
            options.SwaggerEndpoint("/swagger/v1/swagger.json", "PushGateway API v1");
            options.DocumentTitle = "PushGateway API";
            options.EnablePersistAuthorization();
        });
        return app;
    }
}
