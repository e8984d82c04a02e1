namespace PushGateway.Webhooks.Api;

/// <summary>Deliveries, newest first; pass <c>next</c> as <c>cursor</c> for older ones (null at the end).</summary>
/// <param name="Items">The deliveries of this page, newest first.</param>
/// <param name="Next">Pass as <c>cursor</c> for older deliveries; null on the last page.</param>
internal sealed record DeliveryPage(IReadOnlyList<DeliveryResponse> Items, string? Next);
