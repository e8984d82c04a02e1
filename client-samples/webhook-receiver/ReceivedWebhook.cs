namespace WebhookReceiver;

/// <summary>A verified webhook request as received.</summary>
public sealed record ReceivedWebhook(string Id, string Timestamp, string Signature, string Body, DateTimeOffset ReceivedAt);
