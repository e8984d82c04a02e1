using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using MongoDB.Bson;
using PushGateway.Auth;
using PushGateway.Webhooks.Delivery;
using PushGateway.Webhooks.Secrets;
using PushGateway.Webhooks.Subscriptions;

namespace PushGateway.Webhooks.Api;

/// <summary>
/// <c>/api/webhooks</c>: subscriptions of the caller's tenant (admins: all). Another tenant's subscription is 404, never
/// 403, so ids cannot be probed.
/// </summary>
internal static partial class WebhooksApi
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public static IEndpointRouteBuilder MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/webhooks").WithTags("Webhooks").RequireAuthorization(GatewayPolicies.Tenant)
            .AddEndpointFilter(QueryParameters.RejectUnknown);
        group.MapPost("", Create).WithName("CreateWebhook").WithSummary("Create a webhook subscription")
            .WithDescription("Subscribes `url` to change events of `collections` (each `db.coll`, watched by the gateway), optionally narrowed by "
                + "`operationTypes` and a `filter` (MQL JSON or SQL WHERE, evaluated against the change event). Returns 201 with `Location` and "
                + "the signing secret (`whsec_...`), which is shown only here and on rotation. Every invalid field is reported in a ProblemDetails; "
                + "nothing is stored on error. Admin tokens may set `tenantId` (or leave it out to receive every tenant's events).")
            .Accepts<WebhookRequest>("application/json");
        group.MapGet("", List).WithName("ListWebhooks").WithSummary("List webhook subscriptions")
            .WithDescription("The caller's subscriptions in creation order, `limit` (1-200, default 50) at a time; pass the returned `next` as `cursor` "
                + "for the following page (`next` is null on the last one). Other query parameters are refused with 400.")
            .WithMetadata(new QueryParameters("limit", "cursor"));
        group.MapGet("/{id}", Get).WithName("GetWebhook").WithSummary("Get a webhook subscription")
            .WithDescription("One subscription, without its secret; header values are masked.");
        group.MapPut("/{id}", Replace).WithName("ReplaceWebhook").WithSummary("Replace a webhook subscription")
            .WithDescription("Replaces every setting (absent optional fields take their defaults); the secret and the delivery history stay.")
            .Accepts<WebhookRequest>("application/json");
        group.MapPatch("/{id}", Patch).WithName("PatchWebhook").WithSummary("Change some settings of a webhook subscription")
            .WithDescription("Only the fields present change (JSON merge semantics; `\"filter\": \"\"` removes the filter). Validated like a create.")
            .Accepts<WebhookRequest>("application/json");
        group.MapDelete("/{id}", Delete).WithName("DeleteWebhook").WithSummary("Delete a webhook subscription")
            .WithDescription("Deletes the subscription and its pending and past deliveries.");
        group.MapWebhookOperations();
        return app;
    }

    private static async Task<Results<Created<WebhookResponse>, ValidationProblem>> Create(
        WebhookRequest request,
        HttpContext context,
        CallerResolver callers,
        SubscriptionValidator validator,
        SubscriptionStore store,
        SubscriptionRegistry registry,
        SecretProtector secrets,
        IOptions<WebhookOptions> options,
        TimeProvider time,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var caller = callers.Resolve(context.User)!;
        var outcome = validator.Validate(request, caller, existing: null);
        if (!outcome.IsValid)
        {
            return TypedResults.ValidationProblem(outcome.Errors, extensions: outcome.Extensions);
        }

        var tenantId = caller.IsAdmin ? request.TenantId : caller.TenantId;
        if (await store.CountForTenantAsync(tenantId, cancellationToken) >= options.Value.MaxSubscriptionsPerTenant)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [""] = [$"A tenant may have at most {options.Value.MaxSubscriptionsPerTenant} subscriptions."] });
        }

        var now = time.GetUtcNow().UtcDateTime;
        var secret = SecretProtector.NewSecret();
        var subscription = new WebhookSubscription
        {
            Id = "wh_" + ObjectId.GenerateNewId(),
            TenantId = tenantId,
            CreatedBy = caller.Subject,
            CreatedAt = now,
            UpdatedAt = now,
            Secrets = [new StoredSecret { Protected = secrets.Protect(secret), CreatedAt = now }],
        };
        SubscriptionValidator.Apply(request, outcome.Filter, subscription);
        await store.InsertAsync(subscription, cancellationToken);
        registry.Apply(subscription);
        LogCreated(loggers.CreateLogger(typeof(WebhooksApi)), subscription.Id, subscription.TenantId, subscription.Url);
        return TypedResults.Created($"/api/webhooks/{subscription.Id}", subscription.ToResponse(secret) with { Warnings = WarningsOf(outcome.Filter) });
    }

    private static async Task<Results<Ok<WebhookPage>, ValidationProblem>> List(
        HttpContext context,
        CallerResolver callers,
        SubscriptionStore store,
        CancellationToken cancellationToken,
        int? limit = null,
        string? cursor = null)
    {
        var errors = new Dictionary<string, string[]>();
        if (limit is < 1 or > MaxPageSize)
        {
            errors["limit"] = [$"Between 1 and {MaxPageSize}."];
        }

        if (cursor is not null && !IsSubscriptionId(cursor))
        {
            errors["cursor"] = ["Not a cursor returned by this API."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var size = limit ?? DefaultPageSize;
        var items = await store.ListAsync(callers.Resolve(context.User)!, cursor, size + 1, cancellationToken);
        var page = items.Take(size).Select(s => s.ToResponse()).ToList();
        return TypedResults.Ok(new WebhookPage(page, items.Count > size ? page[^1].Id : null));
    }

    /// <summary>The shape of the ids this API hands out (<c>wh_</c> + an ObjectId), which are also the list's cursors.</summary>
    private static bool IsSubscriptionId(string value) =>
        value.StartsWith("wh_", StringComparison.Ordinal) && ObjectId.TryParse(value[3..], out _);

    private static async Task<Results<Ok<WebhookResponse>, NotFound>> Get(
        string id, HttpContext context, CallerResolver callers, SubscriptionStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(callers.Resolve(context.User)!, id, cancellationToken) is { } subscription
            ? TypedResults.Ok(subscription.ToResponse())
            : TypedResults.NotFound();

    private static Task<Results<Ok<WebhookResponse>, NotFound, ValidationProblem>> Replace(
        string id, WebhookRequest request, HttpContext context, CallerResolver callers, SubscriptionValidator validator,
        SubscriptionStore store, SubscriptionRegistry registry, TimeProvider time, CancellationToken cancellationToken) =>
        Update(id, _ => request, context, callers, validator, store, registry, time, cancellationToken);

    private static Task<Results<Ok<WebhookResponse>, NotFound, ValidationProblem>> Patch(
        string id, WebhookRequest patch, HttpContext context, CallerResolver callers, SubscriptionValidator validator,
        SubscriptionStore store, SubscriptionRegistry registry, TimeProvider time, CancellationToken cancellationToken) =>
        Update(id, stored => WebhookPatch.Merge(stored, patch), context, callers, validator, store, registry, time, cancellationToken);

    private static async Task<Results<Ok<WebhookResponse>, NotFound, ValidationProblem>> Update(
        string id, Func<WebhookSubscription, WebhookRequest> requestFor, HttpContext context, CallerResolver callers,
        SubscriptionValidator validator, SubscriptionStore store, SubscriptionRegistry registry, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = callers.Resolve(context.User)!;
        if (await store.GetAsync(caller, id, cancellationToken) is not { } subscription)
        {
            return TypedResults.NotFound();
        }

        var request = requestFor(subscription);
        var outcome = validator.Validate(request, caller, subscription);
        if (!outcome.IsValid)
        {
            return TypedResults.ValidationProblem(outcome.Errors, extensions: outcome.Extensions);
        }

        SubscriptionValidator.Apply(request, outcome.Filter, subscription);
        subscription.UpdatedAt = time.GetUtcNow().UtcDateTime;
        if (!await store.ReplaceAsync(caller, subscription, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        registry.Apply(subscription);
        return TypedResults.Ok(subscription.ToResponse() with { Warnings = WarningsOf(outcome.Filter) });
    }

    private static async Task<Results<NoContent, NotFound>> Delete(
        string id, HttpContext context, CallerResolver callers, SubscriptionStore store, SubscriptionRegistry registry,
        DeliveryStore deliveries, CancellationToken cancellationToken)
    {
        if (!await store.DeleteAsync(callers.Resolve(context.User)!, id, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        registry.Remove(id);
        await deliveries.DeleteForSubscriptionAsync(id, cancellationToken);
        return TypedResults.NoContent();
    }

    [LoggerMessage(EventId = 7040, Level = LogLevel.Information, Message = "Created webhook subscription {SubscriptionId} for tenant {TenantId} to {Url}")]
    private static partial void LogCreated(ILogger logger, string subscriptionId, string? tenantId, string url);

    private static IReadOnlyList<string>? WarningsOf(Filters.FilterCheck filter) => filter.Warnings is { Count: > 0 } warnings ? warnings : null;
}
