using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using PushGateway.ChangeStreams;
using PushGateway.Filters;
using PushGateway.Webhooks.Api;
using PushGateway.Webhooks.Delivery;
using PushGateway.Webhooks.Outbox;
using PushGateway.Webhooks.Secrets;
using PushGateway.Webhooks.Security;
using PushGateway.Webhooks.Subscriptions;

namespace PushGateway.Webhooks;

/// <summary>Webhook subscriptions (REST), the outbox sink, the delivery worker and their security.</summary>
internal static class WebhooksExtensions
{
    public static WebApplicationBuilder AddWebhooks(this WebApplicationBuilder builder)
    {
        WebhookBson.Register();
        var services = builder.Services;
        services.AddOptions<WebhookOptions>()
            .BindConfiguration(WebhookOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.RequestTimeout > TimeSpan.Zero && o.LeaseDuration > o.RequestTimeout, "Webhooks:LeaseDuration must be longer than Webhooks:RequestTimeout (a lease must outlive its POST).")
            .Validate(o => o.RetrySchedule.All(d => d >= TimeSpan.Zero), "Webhooks:RetrySchedule entries must not be negative.")
            .Validate(o => o.PollInterval > TimeSpan.Zero && o.SubscriptionRefreshInterval >= TimeSpan.Zero, "Webhooks:PollInterval must be positive.")
            .ValidateOnStart();

        // Secrets at rest: Data Protection with its key ring in the gateway's MongoDB, shared by all instances.
        services.AddDataProtection().SetApplicationName("PushGateway");
        services.AddOptions<KeyManagementOptions>()
            .Configure<IServiceProvider>((o, sp) => o.XmlRepository = new MongoXmlRepository(sp));
        StartDataProtectionAfterMongo(services);

        services.AddSingleton<DestinationPolicy>();
        services.AddSingleton<SsrfGuard>();
        services.AddHttpClient(WebhookSender.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                ConnectCallback = sp.GetRequiredService<SsrfGuard>().ConnectAsync,
                AllowAutoRedirect = false,
                UseCookies = false,
                UseProxy = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                MaxResponseHeadersLength = 64,
            })
            // The per-request timeout is the sender's (Webhooks:RequestTimeout); the factory's handler lifetime is not needed with a pooled handler.
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            // The factory's loggers write two stack traces per failed POST; WebhookSender logs one line per failed attempt instead.
            .RemoveAllLoggers();

        services.AddSingleton<WebhookMetrics>();
        services.AddSingleton<SecretProtector>();
        services.AddSingleton<SubscriptionStore>();
        services.TryAddSingleton<TenantFilterClock>();
        services.AddSingleton<SubscriptionRegistry>();
        services.AddSingleton<DeliveryStore>();
        services.AddSingleton<WorkerSignal>();
        services.AddSingleton<DeliveryHandoff>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<RetryPolicy>();
        services.AddSingleton<SubscriptionThrottle>();
        services.AddSingleton<CompletionBatcher>();
        services.AddSingleton<DeliveryProcessor>();
        services.AddSingleton<WebhookOutbox>();
        services.AddSingleton<IChangeEventSink>(sp => sp.GetRequiredService<WebhookOutbox>());
        services.AddSingleton<SubscriptionValidator>();
        services.Configure<Swashbuckle.AspNetCore.SwaggerGen.SwaggerGenOptions>(o => o.SchemaFilter<WebhookExamples>());
        if (builder.Configuration.GetValue($"{WebhookOptions.SectionName}:{nameof(WebhookOptions.WorkerEnabled)}", true))
        {
            services.AddHostedService<DeliveryWorker>();
        }

        return builder;
    }

    /// <summary>
    /// Data Protection preloads its key ring in a hosted service, which would hold up startup (and HTTP) for as long as
    /// MongoDB does not answer. The preload is removed: the key ring is read on first use (a secret created, rotated or
    /// used to sign), once MongoDB is known, and reloaded by Data Protection itself after a failure.
    /// </summary>
    private static void StartDataProtectionAfterMongo(IServiceCollection services)
    {
        var preload = services.Where(d => d.ServiceType == typeof(IHostedService)
            && d.ImplementationType?.FullName == "Microsoft.AspNetCore.DataProtection.Internal.DataProtectionHostedService").ToList();
        foreach (var descriptor in preload)
        {
            services.Remove(descriptor);
        }
    }

    public static WebApplication MapWebhooks(this WebApplication app)
    {
        app.MapWebhooksApi();
        return app;
    }
}
