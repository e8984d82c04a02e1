using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace PushGateway.Observability;

/// <summary>Structured logging, OpenTelemetry metrics at <c>/metrics</c> (Prometheus), and health endpoints.</summary>
internal static class ObservabilityExtensions
{
    public static WebApplicationBuilder AddObservability(this WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        if (builder.Environment.IsDevelopment())
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            });
        }
        else
        {
            // One JSON object per line with the message template's fields as properties: ready for a log pipeline.
            builder.Logging.AddJsonConsole(o => o.IncludeScopes = true);
        }

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHealthChecks();
        builder.Services.AddOptions<ObservabilityOptions>()
            .BindConfiguration(ObservabilityOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var serviceName = builder.Configuration[$"{ObservabilityOptions.SectionName}:{nameof(ObservabilityOptions.ServiceName)}"];
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(
                string.IsNullOrWhiteSpace(serviceName) ? new ObservabilityOptions().ServiceName : serviceName,
                serviceVersion: typeof(ObservabilityExtensions).Assembly.GetName().Version?.ToString()))
            .WithMetrics(metrics => metrics
                .AddMeter(GatewayMeter.Name, PushGateway.Query.QueryMetrics.MeterName)
                .AddView(MetricBuckets.For)
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter());
        ShortRequestsStartupFilter.Wrap(builder.Services, ShortRequestsStartupFilter.ErrorTypeFilterName);
        return builder;
    }

    public static WebApplication MapObservability(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteHealth })
            .WithTags("Health").AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(HealthTags.Ready), ResponseWriter = WriteHealth })
            .WithTags("Health").AllowAnonymous();
        app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous();
        return app;
    }

    /// <summary>Status and, per check, status and description; never exception text.</summary>
    private static Task WriteHealth(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web));
    }
}
