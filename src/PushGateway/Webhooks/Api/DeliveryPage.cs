namespace PushGateway.Webhooks.Api;

/// <summary>Deliveries, newest first; pass <c>next</c> as <c>cursor</c> for older ones (null at the end).</summary>
internal sealed record DeliveryPage(IReadOnlyList<DeliveryResponse> Items, string? Next);
