using Microsoft.OpenApi;

namespace PushGateway.OpenApi;

/// <summary>
/// Swagger UI at <c>/swagger</c> and the OpenAPI document at <c>/swagger/v1/swagger.json</c>, with Bearer auth usable
/// from the UI: field descriptions from the XML docs of the request and response records, non-nullable fields marked
/// required and not nullable, and 401/403 on the operations that need a token.
/// </summary>
internal static class ApiDocsExtensions
{
    private const string BearerScheme = AuthResponsesFilter.BearerScheme;

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
                    + "Authenticate with a JWT bearer token: `dotnet run --project src/PushGateway -- token --tenant acme` prints one signed "
                    + "with Auth:SigningKey (in Development, POST /api/dev/token issues one too). Lists page with `limit` and `cursor` "
                    + "(pass the returned `next`); unknown query parameters are refused with 400.",
            });
            options.AddSecurityDefinition(BearerScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A JWT whose tenant claim scopes every request.",
            });
            options.OperationFilter<AuthResponsesFilter>();
            options.SchemaFilter<RequiredFieldsFilter>();
            options.SupportNonNullableReferenceTypes();
            options.NonNullableReferenceTypesAsRequired();
            var xml = Path.Combine(AppContext.BaseDirectory, $"{typeof(ApiDocsExtensions).Assembly.GetName().Name}.xml");
            if (File.Exists(xml))
            {
                options.IncludeXmlComments(xml, includeControllerXmlComments: false);
            }
        });
        return builder;
    }

    public static WebApplication MapApiDocs(this WebApplication app)
    {
        // Only /swagger requests pass through these two (both always suspend a frame while the rest of the pipeline
        // runs, which a hub WebSocket request would keep for the life of its connection).
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/swagger"), docs =>
        {
            docs.UseSwagger();
            docs.UseSwaggerUI(options =>
            {
                options.SwaggerEndpoint("/swagger/v1/swagger.json", "PushGateway API v1");
                options.DocumentTitle = "PushGateway API";
                options.EnablePersistAuthorization();
            });
        });
        return app;
    }
}
