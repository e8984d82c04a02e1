using MongoDB.Driver;
using PushGateway.EmbeddedMongo;
using PushGateway.Observability;

namespace PushGateway.Mongo;

/// <summary>The MongoDB client, the gateway's database and, when none is configured, the embedded server.</summary>
internal static class MongoExtensions
{
    public static WebApplicationBuilder AddMongo(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<MongoOptions>()
            .BindConfiguration(MongoOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<MongoOptions>, MongoOptionsValidator>();
        builder.Services.AddExceptionHandler<MongoUnavailableExceptionHandler>();
        builder.Services.AddOptions<EmbeddedMongoOptions>()
            .BindConfiguration(EmbeddedMongoOptions.SectionName)
            .Validate(o => o.Port is >= 0 and <= 65535, "EmbeddedMongo:Port must be between 0 and 65535 (0 = any free port).")
            .ValidateOnStart();

        builder.Services.AddSingleton<MongoEndpoint>();
        // Registered first among hosted services so the endpoint is known before anything connects.
        builder.Services.AddHostedService<EmbeddedMongoHost>();
        // The client lives in OwnedMongoClient, which closes its connections when the host stops (DI disposes it).
        builder.Services.AddSingleton(sp =>
        {
            var connectionString = sp.GetRequiredService<MongoEndpoint>().ConnectionString;
            var settings = MongoClientSettings.FromConnectionString(connectionString);
            settings.ApplicationName = "PushGateway";
            // Fail fast while MongoDB is unreachable (API calls answer 503, readiness says why) instead of the
            // driver's 30 s; an explicit serverSelectionTimeoutMS in the connection string wins.
            if (!connectionString.Contains("serverSelectionTimeoutMS", StringComparison.OrdinalIgnoreCase))
            {
                settings.ServerSelectionTimeout = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<MongoOptions>>().Value.ServerSelectionTimeout;
            }

            return new OwnedMongoClient(settings);
        });
        builder.Services.AddSingleton<IMongoClient>(sp => sp.GetRequiredService<OwnedMongoClient>().Client);
        builder.Services.AddSingleton(sp => sp.GetRequiredService<IMongoClient>().GetDatabase(
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<MongoOptions>>().Value.Database));

        builder.Services.AddHealthChecks().AddCheck<MongoHealthCheck>("mongo", tags: [HealthTags.Ready]);
        return builder;
    }
}
