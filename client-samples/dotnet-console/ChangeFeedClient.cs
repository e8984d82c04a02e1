using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace PushGateway.ConsoleClient;

/// <summary>
/// Subscribes to one collection and prints every change. Reconnects automatically; after a reconnect it subscribes
/// again with <c>resumeFrom</c> = its position (the last event it saw, or the <c>position</c> Subscribe answered when
/// nothing matched since), so nothing is missed while the gateway still has the events (<c>recovered: true</c>); when it
/// answers <c>recovered: false</c>, an application would refetch its data.
/// </summary>
internal sealed class ChangeFeedClient(ConsoleClientOptions options, TextWriter output)
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _position;
    private int _received;
    private volatile Task _resubscribed = Task.CompletedTask;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var token = options.Token ?? await DevTokenAsync(cancellationToken);
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(options.Gateway, "/hubs/changes"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .WithAutomaticReconnect([TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10)])
            .Build();

        connection.On<JsonElement>("change", OnChange);
        connection.On<JsonElement>("left", OnLeft);
        connection.On<JsonElement>("overflow", n => output.WriteLine($"overflow: {n.GetProperty("dropped")} events dropped, resubscribing"));
        connection.On<JsonElement>("recovery", n => output.WriteLine($"recovery: recovered=false ({n.GetProperty("reason")}): refetch"));
        connection.Reconnecting += error =>
        {
            output.WriteLine($"reconnecting: {error?.Message}");
            return Task.CompletedTask;
        };
        connection.Reconnected += async _ =>
        {
            // The server forgot this connection's subscriptions: subscribe again from the last event seen.
            // Replayed events can arrive before Subscribe's answer, so the run waits for this to finish before it ends.
            var resubscribed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _resubscribed = resubscribed.Task;
            try
            {
                var resumeFrom = _position;
                var result = await SubscribeAsync(connection, resumeFrom, cancellationToken);
                output.WriteLine($"reconnected: resubscribed from {resumeFrom ?? "(nothing yet)"}, recovered={result.Recovered}");
            }
            finally
            {
                resubscribed.TrySetResult();
            }
        };
        connection.Closed += error =>
        {
            output.WriteLine($"closed: {error?.Message ?? "by the client"}");
            _done.TrySetResult();
            return Task.CompletedTask;
        };

        await connection.StartAsync(cancellationToken);
        var subscription = await SubscribeAsync(connection, null, cancellationToken);
        output.WriteLine($"subscribed: {subscription.SubscriptionId} to {options.Collection}{(options.Filter is null ? "" : $" where {options.Filter}")}");
        await _done.Task.WaitAsync(cancellationToken);
        await _resubscribed.WaitAsync(cancellationToken);
    }

    private async Task<SubscribeResult> SubscribeAsync(HubConnection connection, string? resumeFrom, CancellationToken cancellationToken)
    {
        var result = await connection.InvokeAsync<SubscribeResult>("Subscribe", new { collection = options.Collection, filter = options.Filter, resumeFrom }, cancellationToken);
        // Where the subscription stands, unless a change arrived meanwhile (then its eventId is newer).
        Interlocked.CompareExchange(ref _position, result.Position, resumeFrom);
        return result;
    }

    private void OnChange(JsonElement change)
    {
        Volatile.Write(ref _position, change.GetProperty("eventId").GetString());
        var document = change.TryGetProperty("fullDocument", out var full) ? full.GetRawText() : "";
        output.WriteLine($"change: {change.GetProperty("operationType").GetString()} {change.GetProperty("collection").GetString()} {change.GetProperty("documentKey").GetRawText()} {document}");
        if (options.MaxEvents > 0 && Interlocked.Increment(ref _received) >= options.MaxEvents)
        {
            _done.TrySetResult();
        }
    }

    /// <summary>A document of this tenant was handed over to another tenant: drop it from any view (no content is sent).</summary>
    private void OnLeft(JsonElement left)
    {
        Volatile.Write(ref _position, left.GetProperty("eventId").GetString());
        output.WriteLine($"left: {left.GetProperty("collection").GetString()} {left.GetProperty("documentKey").GetRawText()}");
    }

    private async Task<string> DevTokenAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = options.Gateway };
        using var response = await http.PostAsJsonAsync(new Uri("/api/dev/token", UriKind.Relative), new { tenantId = options.Tenant }, cancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return body.GetProperty("accessToken").GetString()!;
    }

    /// <summary>The hub's answer to <c>Subscribe</c>.</summary>
    private sealed record SubscribeResult(string SubscriptionId, bool Recovered, string Position);
}
