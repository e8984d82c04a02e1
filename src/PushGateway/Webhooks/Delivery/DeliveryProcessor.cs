using Microsoft.Extensions.Options;
using PushGateway.Webhooks.Secrets;
using PushGateway.Webhooks.Subscriptions;

namespace PushGateway.Webhooks.Delivery;

/// <summary>
/// Delivers one leased row and records the outcome: success, retry (schedule, <c>Retry-After</c>), dead (schedule
/// exhausted, 410 Gone, subscription disabled or deleted). Also disables subscriptions that answer 410 or have failed
/// without a success for <see cref="WebhookOptions.DisableAfterFailingFor"/>.
/// </summary>
internal sealed partial class DeliveryProcessor(
    DeliveryStore deliveries,
    CompletionBatcher completions,
    SubscriptionStore subscriptions,
    SubscriptionRegistry registry,
    SecretProtector secrets,
    WebhookSender sender,
    RetryPolicy retryPolicy,
    SubscriptionThrottle throttle,
    WebhookMetrics metrics,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<DeliveryProcessor> logger)
{
    private static readonly TimeSpan SuccessWriteInterval = TimeSpan.FromMinutes(1);

    /// <summary>The subscription of a row: the registry's copy, else the stored one (created or disabled elsewhere); null when deleted.</summary>
    public async Task<CompiledSubscription?> ResolveAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        if (registry.Find(subscriptionId) is { } known)
        {
            return known;
        }

        var stored = await subscriptions.GetAsync(subscriptionId, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return null;
        }

        if (stored.Enabled)
        {
            registry.Apply(stored);
        }

        return registry.Find(subscriptionId) ?? CompiledSubscription.Compile(stored);
    }

    /// <summary>Delivers the rows of an ordered subscription one by one; stops at the first that does not complete.</summary>
    public async Task ProcessOrderedAsync(CompiledSubscription subscription, IReadOnlyList<DeliveryRow> rows, CancellationToken cancellationToken)
    {
        var retryAt = time.GetUtcNow().UtcDateTime + options.Value.PollInterval;
        var index = 0;
        for (; index < rows.Count; index++)
        {
            // Another instance or an earlier retry may hold an older pending row: it goes first.
            var head = await deliveries.HeadAsync(subscription.Id, cancellationToken).ConfigureAwait(false);
            if (head is not null && head.Id != rows[index].Id)
            {
                break;
            }

            var (completed, nextDue) = await DeliverAsync(subscription, rows[index], cancellationToken).ConfigureAwait(false);
            if (!completed)
            {
                retryAt = nextDue ?? retryAt;
                index++;
                break;
            }
        }

        for (; index < rows.Count; index++)
        {
            await deliveries.ReleaseAsync(rows[index], retryAt, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task ProcessAsync(CompiledSubscription? subscription, DeliveryRow row, CancellationToken cancellationToken)
    {
        if (subscription is null)
        {
            await deliveries.KillAsync(row, null, "The subscription was deleted.", options.Value.AttemptsKept, cancellationToken).ConfigureAwait(false);
            return;
        }

        var slots = throttle.SlotsFor(subscription.Id, options.Value.MaxConcurrencyPerSubscription);
        await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await DeliverAsync(subscription, row, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            slots.Release();
        }
    }

    /// <summary>One attempt; returns whether the row is finished (succeeded or dead) and, if not, when it is due again.</summary>
    private async Task<(bool Completed, DateTime? NextDue)> DeliverAsync(CompiledSubscription subscription, DeliveryRow row, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var stored = subscription.Stored;
        if (!stored.Enabled)
        {
            await deliveries.KillAsync(row, null, "The subscription is disabled.", settings.AttemptsKept, cancellationToken).ConfigureAwait(false);
            metrics.Dead(stored.Id);
            return (true, null);
        }

        var wait = throttle.TryTake(stored.Id, stored.MaxPerSecond);
        if (wait > TimeSpan.Zero)
        {
            var due = time.GetUtcNow().UtcDateTime + wait;
            await deliveries.ReleaseAsync(row, due, cancellationToken).ConfigureAwait(false);
            return (false, due);
        }

        var outcome = await sender.SendAsync(stored.Url, row.Id, row.Body, KeysOf(stored), stored.Headers, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow().UtcDateTime;
        metrics.Attempted(stored.Id, outcome.Duration);
        var attempt = new DeliveryAttempt
        {
            At = now,
            StatusCode = outcome.StatusCode,
            DurationMs = Math.Round(outcome.Duration.TotalMilliseconds, 1),
            ResponseExcerpt = outcome.ResponseExcerpt,
            Error = outcome.Error,
        };

        if (outcome.IsSuccess)
        {
            // Only an ordered subscription must see the row completed before it sends the next one; others free their
            // slot at once (if the write fails, the lease expires and the row is delivered again, same webhook-id).
            if (stored.Ordered)
            {
                await completions.CompleteAsync(row, attempt).ConfigureAwait(false);
            }
            else
            {
                completions.Complete(row, attempt);
            }

            metrics.Succeeded(stored.Id, now - row.EventTime);
            await RecordSuccessAsync(stored, now, cancellationToken).ConfigureAwait(false);
            return (true, null);
        }

        metrics.Failed(stored.Id);
        if (outcome.StatusCode == StatusCodes.Status410Gone)
        {
            // Disable first: once the row shows dead, the subscription already says why.
            await DisableAsync(stored, "The receiver answered 410 Gone.", now, cancellationToken).ConfigureAwait(false);
            await deliveries.KillAsync(row, attempt, "The receiver answered 410 Gone; the subscription was disabled.", settings.AttemptsKept, cancellationToken).ConfigureAwait(false);
            metrics.Dead(stored.Id);
            return (true, null);
        }

        var delay = retryPolicy.NextDelay(row.Failures + 1, outcome.RetryAfter, Random.Shared.NextDouble());
        if (delay is null)
        {
            await deliveries.KillAsync(row, attempt, "Retries exhausted.", settings.AttemptsKept, cancellationToken).ConfigureAwait(false);
            metrics.Dead(stored.Id);
        }
        else
        {
            await deliveries.ScheduleRetryAsync(row, attempt, now + delay.Value, settings.AttemptsKept, cancellationToken).ConfigureAwait(false);
        }

        var failingSince = stored.FailingSince ?? await subscriptions.RecordFailureAsync(stored.Id, now, cancellationToken).ConfigureAwait(false);
        stored.FailingSince = failingSince;
        if (now - failingSince >= settings.DisableAfterFailingFor)
        {
            await DisableAsync(stored, $"No successful delivery since {failingSince:O}.", now, cancellationToken).ConfigureAwait(false);
        }

        return delay is null ? (true, null) : (false, now + delay.Value);
    }

    private IReadOnlyList<byte[]> KeysOf(WebhookSubscription stored)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var keys = new List<byte[]>(stored.Secrets.Count);
        foreach (var secret in stored.Secrets)
        {
            if (secret.ExpiresAt is null || secret.ExpiresAt > now)
            {
                keys.Add(secrets.KeyOf(secret.Protected));
            }
        }

        return keys;
    }

    private async Task RecordSuccessAsync(WebhookSubscription stored, DateTime now, CancellationToken cancellationToken)
    {
        // Written when it matters (ending a failing period) or at most once a minute, not once per delivery.
        if (stored.FailingSince is null && stored.LastSuccessAt is { } last && now - last < SuccessWriteInterval)
        {
            return;
        }

        stored.FailingSince = null;
        stored.LastSuccessAt = now;
        await subscriptions.RecordSuccessAsync(stored.Id, now, cancellationToken).ConfigureAwait(false);
    }

    private async Task DisableAsync(WebhookSubscription stored, string reason, DateTime now, CancellationToken cancellationToken)
    {
        stored.Enabled = false;
        stored.DisabledReason = reason;
        registry.Remove(stored.Id);
        if (await subscriptions.DisableAsync(stored.Id, reason, now, cancellationToken).ConfigureAwait(false) is not null)
        {
            LogDisabled(logger, stored.Id, stored.TenantId, reason);
        }
    }

    [LoggerMessage(EventId = 7030, Level = LogLevel.Warning, Message = "Disabled webhook subscription {SubscriptionId} of tenant {TenantId}: {Reason}")]
    private static partial void LogDisabled(ILogger logger, string subscriptionId, string? tenantId, string reason);
}
