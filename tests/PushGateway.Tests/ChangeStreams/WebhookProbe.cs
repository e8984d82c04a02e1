using System.Net.Http.Headers;
using System.Text.Json;
using PushGateway.Tests.Realtime;
using PushGateway.Tests.Webhooks;


namespace PushGateway.Tests.ChangeStreams;

/// <summary>One webhook subscription of one tenant (or an admin's, for every tenant) with its own verifying receiver.</summary>
internal sealed class WebhookProbe : IAsyncDisposable
{
    private WebhookProbe(RunningReceiver receiver, string? tenant, string id)
    {
        Receiver = receiver;
        Tenant = tenant;
        Id = id;
    }

    public RunningReceiver Receiver { get; }

    /// <summary>The subscriber's tenant; null for an admin subscription that sees every tenant.</summary>
    public string? Tenant { get; }

    public string Id { get; }

    /// <summary>The <c>data</c> of every distinct delivery (duplicates by webhook-id removed).</summary>
    public IReadOnlyList<JsonElement> Events => [.. Receiver.Inbox.Unique.Select(w => JsonDocument.Parse(w.Body).RootElement.GetProperty("data").Clone())];

    /// <summary>The gateway settings that let it deliver to loopback receivers quickly.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Webhooks:AllowedHosts:0", "127.0.0.1"),
        new("Webhooks:RetrySchedule:0", "00:00:00.100"),
        new("Webhooks:RetryJitter", "0"),
        new("Webhooks:PollInterval", "00:00:00.050"),
        new("Webhooks:SubscriptionRefreshInterval", "00:00:00.200"),
        // Rows leased by a gateway that stopped are picked up by the next one after the lease.
        new("Webhooks:LeaseDuration", "00:00:03"),
        new("Webhooks:RequestTimeout", "00:00:02"),
    ];

    /// <summary>Creates a subscription on <paramref name="collection"/> through the REST API (ordered: delivered one at a time, in event order).</summary>
    public static async Task<WebhookProbe> CreateAsync(RunningGateway gateway, string collection, string? tenant, object? filter = null, bool ordered = true)
    {
        var receiver = await RunningReceiver.StartAsync();
        using var http = new HttpClient { BaseAddress = gateway.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", gateway.Tokens.Create(tenant ?? "ops", admin: tenant is null));
        var (id, secret) = await http.SubscribeAsync(new { url = receiver.WebhookUrl, collections = new[] { collection }, filter, ordered });
        receiver.Trust(secret);
        return new WebhookProbe(receiver, tenant, id);
    }

    /// <summary>Waits until a delivery's body contains <paramref name="text"/> (e.g. a marker document's id); false on timeout.</summary>
    public Task<bool> WaitForBodyAsync(string text, TimeSpan timeout)
    {
        // Scans each arrival once, however many there are.
        var scanned = 0;
        var found = false;
        return Receiver.Inbox.WaitUntilAsync(
            inbox =>
            {
                var all = inbox.All;
                for (; scanned < all.Count && !found; scanned++)
                {
                    found = all[scanned].Body.Contains(text, StringComparison.Ordinal);
                }

                return found;
            },
            timeout);
    }

    /// <summary>Waits until the gateway holds no pending delivery of this subscription (everything queued was delivered).</summary>
    public async Task<bool> WaitDrainedAsync(RunningGateway gateway, TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = gateway.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", gateway.Tokens.Create(Tenant ?? "ops", admin: Tenant is null));
        using var cancel = new CancellationTokenSource(timeout);
        while ((await http.DeliveriesAsync(Id, "pending")).GetArrayLength() > 0)
        {
            if (cancel.IsCancellationRequested)
            {
                return false;
            }

            // Re-check on the next arrival (or shortly, for a retry that has not arrived yet); nothing is timed.
            await Receiver.Inbox.WaitUntilAsync(_ => false, TimeSpan.FromMilliseconds(100));
        }

        return true;
    }

    public ValueTask DisposeAsync() => Receiver.DisposeAsync();
}
