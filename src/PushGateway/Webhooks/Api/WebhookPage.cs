namespace PushGateway.Webhooks.Api;

/// <summary>One page of subscriptions; pass <c>next</c> as <c>cursor</c> for the following page (null at the end).</summary>
/// <param name="Items">The subscriptions of this page, in creation order.</param>
/// <param name="Next">Pass as <c>cursor</c> for the following page; null on the last page.</param>
internal sealed record WebhookPage(IReadOnlyList<WebhookResponse> Items, string? Next);
