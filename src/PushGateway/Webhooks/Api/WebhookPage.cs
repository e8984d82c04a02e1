namespace PushGateway.Webhooks.Api;

/// <summary>One page of subscriptions; pass <c>next</c> as <c>cursor</c> for the following page (null at the end).</summary>
internal sealed record WebhookPage(IReadOnlyList<WebhookResponse> Items, string? Next);
