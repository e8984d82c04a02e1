using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using PushGateway.Auth;
using PushGateway.Webhooks.Delivery;
using PushGateway.Webhooks.Outbox;
using PushGateway.Webhooks.Secrets;
using PushGateway.Webhooks.Subscriptions;

namespace PushGateway.Webhooks.Api;

/// <summary>Operations on one subscription: test ping, secret rotation, enable/disable, the delivery log, retry and recover.</summary>
internal static class WebhookOperationsApi
{
    private static readonly string[] States = [DeliveryState.Pending, DeliveryState.Succeeded, DeliveryState.Dead];

    public static RouteGroupBuilder MapWebhookOperations(this RouteGroupBuilder group)
    {
        group.MapPost("/{id}/test", Test).WithName("TestWebhook").WithSummary("Send a signed test ping")
            .WithDescription("POSTs `{\"type\": \"webhook.test\", \"timestamp\", \"data\": {\"subscriptionId\"}}`, signed like every delivery, "
                + "right now (not through the queue), and returns what the receiver answered. Works for disabled subscriptions too.");
        group.MapPost("/{id}/rotate-secret", RotateSecret).WithName("RotateWebhookSecret").WithSummary("Rotate the signing secret")
            .WithDescription("Creates a new secret (returned only here). The previous one keeps signing beside it (two `v1,` signatures) for "
                + "`graceMinutes` (default Webhooks:SecretRotationGrace), so receivers can switch without dropping deliveries.")
            .Accepts<RotateSecretRequest>("application/json");
        group.MapPost("/{id}/enable", (string id, HttpContext context, CallerResolver callers, SubscriptionStore store, SubscriptionRegistry registry, TimeProvider time, CancellationToken ct)
                => SetEnabled(id, true, context, callers, store, registry, time, ct))
            .WithName("EnableWebhook").WithSummary("Enable a webhook subscription")
            .WithDescription("Resumes deliveries for new events and clears the failing period. Use `recover` to re-queue deliveries that died meanwhile.");
        group.MapPost("/{id}/disable", (string id, HttpContext context, CallerResolver callers, SubscriptionStore store, SubscriptionRegistry registry, TimeProvider time, CancellationToken ct)
                => SetEnabled(id, false, context, callers, store, registry, time, ct))
            .WithName("DisableWebhook").WithSummary("Disable a webhook subscription")
            .WithDescription("Stops deliveries: new events are not queued and queued ones are marked dead (recoverable).");
        group.MapGet("/{id}/deliveries", Deliveries).WithName("ListWebhookDeliveries").WithSummary("List deliveries and their attempts")
            .WithDescription("Newest first, optionally only `state` (pending, succeeded, dead); each with its attempts (time, status code, duration, "
                + "the first 4 KiB of the response, error). `limit` 1-200 (default 50); pass `next` as `cursor` for older ones.")
            .WithMetadata(new QueryParameters("state", "limit", "cursor"));
        group.MapPost("/{id}/deliveries/{deliveryId}/retry", Retry).WithName("RetryWebhookDelivery").WithSummary("Retry one delivery now")
            .WithDescription("Re-queues a dead (or succeeded) delivery for an immediate attempt with a fresh retry schedule; same `webhook-id`.");
        group.MapPost("/{id}/recover", Recover).WithName("RecoverWebhookDeliveries").WithSummary("Re-queue failed deliveries since a time")
            .WithDescription("Re-queues every dead delivery created at or after `since` (ISO 8601), e.g. after fixing a receiver's outage.")
            .Accepts<RecoverRequest>("application/json");
        return group;
    }

    private static async Task<Results<Ok<TestResponse>, NotFound>> Test(
        string id, HttpContext context, CallerResolver callers, SubscriptionStore store, SecretProtector secrets,
        WebhookSender sender, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(callers.Resolve(context.User)!, id, cancellationToken) is not { } subscription)
        {
            return TypedResults.NotFound();
        }

        var now = time.GetUtcNow().UtcDateTime;
        var messageId = "msg_test_" + Guid.NewGuid().ToString("N");
        var body = PayloadBuilder.Serialize("webhook.test", now, new MongoDB.Bson.BsonDocument { { "subscriptionId", subscription.Id } });
        var keys = subscription.Secrets.Where(s => s.ExpiresAt is null || s.ExpiresAt > now).Select(s => secrets.KeyOf(s.Protected)).ToList();
        var outcome = await sender.SendAsync(subscription.Url, messageId, body, keys, subscription.Headers, cancellationToken);
        return TypedResults.Ok(new TestResponse(outcome.IsSuccess, messageId, outcome.StatusCode, Math.Round(outcome.Duration.TotalMilliseconds, 1), outcome.ResponseExcerpt, outcome.Error));
    }

    private static async Task<Results<Ok<SecretResponse>, NotFound, ValidationProblem>> RotateSecret(
        string id, RotateSecretRequest? request, HttpContext context, CallerResolver callers, SubscriptionStore store,
        SubscriptionRegistry registry, SecretProtector secrets, IOptions<WebhookOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        if (request?.GraceMinutes is < 0 or > 10_080)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["graceMinutes"] = ["Between 0 and 10080 (7 days)."] });
        }

        var caller = callers.Resolve(context.User)!;
        if (await store.GetAsync(caller, id, cancellationToken) is not { } subscription)
        {
            return TypedResults.NotFound();
        }

        var now = time.GetUtcNow().UtcDateTime;
        var grace = request?.GraceMinutes is { } minutes ? TimeSpan.FromMinutes(minutes) : options.Value.SecretRotationGrace;
        var expires = now + grace;
        var secret = SecretProtector.NewSecret();
        var kept = subscription.Secrets.Where(s => s.ExpiresAt is null || s.ExpiresAt > now).Take(4).ToList();
        foreach (var old in kept.Where(s => s.ExpiresAt is null || s.ExpiresAt > expires))
        {
            old.ExpiresAt = expires;
        }

        subscription.Secrets = [new StoredSecret { Protected = secrets.Protect(secret), CreatedAt = now }, .. kept];
        subscription.UpdatedAt = now;
        if (!await store.ReplaceAsync(caller, subscription, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        registry.Apply(subscription);
        return TypedResults.Ok(new SecretResponse(secret, kept.Count > 0 ? expires : null));
    }

    private static async Task<Results<Ok<WebhookResponse>, NotFound>> SetEnabled(
        string id, bool enabled, HttpContext context, CallerResolver callers, SubscriptionStore store, SubscriptionRegistry registry,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = callers.Resolve(context.User)!;
        if (await store.GetAsync(caller, id, cancellationToken) is not { } subscription)
        {
            return TypedResults.NotFound();
        }

        subscription.Enabled = enabled;
        subscription.DisabledReason = enabled ? null : "Disabled by a user.";
        subscription.FailingSince = null;
        subscription.UpdatedAt = time.GetUtcNow().UtcDateTime;
        if (!await store.ReplaceAsync(caller, subscription, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        registry.Apply(subscription);
        return TypedResults.Ok(subscription.ToResponse());
    }

    private static async Task<Results<Ok<DeliveryPage>, NotFound, ValidationProblem>> Deliveries(
        string id, HttpContext context, CallerResolver callers, SubscriptionStore store, DeliveryStore deliveries,
        CancellationToken cancellationToken, string? state = null, int? limit = null, string? cursor = null)
    {
        var errors = new Dictionary<string, string[]>();
        if (state is not null && !States.Contains(state))
        {
            errors["state"] = ["One of pending, succeeded, dead."];
        }

        if (limit is < 1 or > WebhooksApi.MaxPageSize)
        {
            errors["limit"] = [$"Between 1 and {WebhooksApi.MaxPageSize}."];
        }

        var position = DeliveryCursor.Parse(cursor);
        if (cursor is not null && position is null)
        {
            errors["cursor"] = ["Not a cursor returned by this API."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (await store.GetAsync(callers.Resolve(context.User)!, id, cancellationToken) is null)
        {
            return TypedResults.NotFound();
        }

        var size = limit ?? WebhooksApi.DefaultPageSize;
        var rows = await deliveries.ListAsync(id, state, position, size + 1, cancellationToken);
        var page = rows.Take(size).ToList();
        var next = rows.Count > size ? new DeliveryCursor(page[^1].CreatedAt, page[^1].Id).ToString() : null;
        return TypedResults.Ok(new DeliveryPage([.. page.Select(r => r.ToResponse())], next));
    }

    private static async Task<Results<Accepted, NotFound>> Retry(
        string id, string deliveryId, HttpContext context, CallerResolver callers, SubscriptionStore store, DeliveryStore deliveries,
        WorkerSignal signal, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(callers.Resolve(context.User)!, id, cancellationToken) is null
            || !await deliveries.RequeueAsync(id, deliveryId, time.GetUtcNow().UtcDateTime, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        signal.Notify();
        return TypedResults.Accepted($"/api/webhooks/{id}/deliveries");
    }

    private static async Task<Results<Ok<RecoverResponse>, NotFound, ValidationProblem>> Recover(
        string id, RecoverRequest? request, HttpContext context, CallerResolver callers, SubscriptionStore store, DeliveryStore deliveries,
        WorkerSignal signal, TimeProvider time, CancellationToken cancellationToken)
    {
        if (request?.Since is not { } since)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["since"] = ["A time (ISO 8601) is required."] });
        }

        if (await store.GetAsync(callers.Resolve(context.User)!, id, cancellationToken) is null)
        {
            return TypedResults.NotFound();
        }

        var count = await deliveries.RecoverAsync(id, since.UtcDateTime, time.GetUtcNow().UtcDateTime, cancellationToken);
        signal.Notify();
        return TypedResults.Ok(new RecoverResponse(count));
    }
}
