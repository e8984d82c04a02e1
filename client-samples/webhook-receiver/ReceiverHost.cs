using Microsoft.Extensions.Options;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;

namespace WebhookReceiver;

/// <summary>
/// A minimal webhook receiver: verifies Standard Webhooks signatures with the third-party <c>StandardWebhooks</c>
/// package (any of the configured secrets, so a secret rotation never drops a delivery), ignores replays by
/// <c>webhook-id</c>, and answers 2xx quickly (do slow work after answering).
/// </summary>
public static class ReceiverHost
{
    public static async Task Main(string[] args) => await Build(args).RunAsync();

    /// <summary>The receiver app; <paramref name="configure"/> lets tests set secrets and simulate outages.</summary>
    public static WebApplication Build(string[] args, Action<ReceiverOptions>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddOptions<ReceiverOptions>().BindConfiguration(ReceiverOptions.SectionName);
        if (configure is not null)
        {
            builder.Services.PostConfigure(configure);
        }

        builder.Services.AddSingleton<Inbox>();
        var app = builder.Build();
        var options = app.Services.GetRequiredService<IOptions<ReceiverOptions>>().Value;
        app.MapPost(options.Path, Receive);
        app.MapGet(options.Path, (Inbox inbox) => Results.Ok(inbox.Unique));
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("WebhookReceiver");
        ReceiverLog.Listening(logger, options.Path);
        if (options.Secrets.Count == 0)
        {
            ReceiverLog.NoSecrets(logger);
        }

        return app;
    }

    private static async Task<IResult> Receive(HttpRequest request, Inbox inbox, IOptions<ReceiverOptions> options, ILoggerFactory loggers)
    {
        // Verify the exact bytes received: re-serialising the JSON would change them and break the signature.
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        var settings = options.Value;
        if (!settings.Secrets.Any(secret => IsValid(secret, body, request.Headers)))
        {
            inbox.Rejected();
            ReceiverLog.Rejected(loggers.CreateLogger("WebhookReceiver"), request.Headers["webhook-id"].ToString(), settings.Secrets.Count);
            return Results.Unauthorized();
        }

        var webhook = new ReceivedWebhook(
            request.Headers["webhook-id"].ToString(),
            request.Headers["webhook-timestamp"].ToString(),
            request.Headers["webhook-signature"].ToString(),
            body,
            DateTimeOffset.UtcNow);
        var isNew = inbox.Record(webhook);
        ReceiverLog.Received(loggers.CreateLogger("WebhookReceiver"), ReceiverLog.TypeOf(body), webhook.Id, body.Length, isNew ? "" : ", a repeat: ignored");
        if (settings.Responder?.Invoke(webhook) is { } simulated)
        {
            return simulated;
        }

        // A replay (same webhook-id) is acknowledged but not processed again.
        return Results.Ok(new { received = webhook.Id, duplicate = !isNew });
    }

    /// <summary>
    /// True when one of the header's signatures verifies with <paramref name="secret"/>. Each <c>v1,...</c> signature is
    /// checked on its own: during a secret rotation the sender signs with both secrets, and StandardWebhooks 1.1.2 only
    /// looks at the first signature of the header.
    /// </summary>
    private static bool IsValid(string secret, string body, IHeaderDictionary headers)
    {
        var webhook = new StandardWebhook(secret);
        foreach (var signature in headers["webhook-signature"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var single = new HeaderDictionary
            {
                ["webhook-id"] = headers["webhook-id"],
                ["webhook-timestamp"] = headers["webhook-timestamp"],
                ["webhook-signature"] = signature,
            };
            try
            {
                webhook.Verify(body, single);
                return true;
            }
            catch (WebhookVerificationException)
            {
                // Try the next signature.
            }
        }

        return false;
    }
}
