using Microsoft.Extensions.Options;
using PushGateway.Observability;

namespace PushGateway.ChangeStreams;

/// <summary>The change-stream multiplexer: <c>Gateway:*</c> options, checkpoints, metrics and readiness.</summary>
internal static class ChangeStreamsExtensions
{
    public static WebApplicationBuilder AddChangeStreams(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<GatewayOptions>()
            .BindConfiguration(GatewayOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>();
        builder.Services.AddSingleton<ChangeStreamStatus>();
        builder.Services.AddSingleton<ChangeStreamMetrics>();
        builder.Services.AddSingleton<CheckpointStore>();
        builder.Services.AddHostedService<ChangeStreamMultiplexer>();
        builder.Services.AddHealthChecks().AddCheck<ChangeStreamHealthCheck>("changestreams", tags: [HealthTags.Ready]);
        return builder;
    }

    /// <summary>The watched collections by <c>db.coll</c>.</summary>
    public static IReadOnlyDictionary<string, WatchOptions> WatchedCollections(this IOptions<GatewayOptions> options)
    {
        var result = new Dictionary<string, WatchOptions>(StringComparer.Ordinal);
        foreach (var w in options.Value.Watch)
        {
            result.TryAdd(w.Namespace, w);
        }

        return result;
    }
}
