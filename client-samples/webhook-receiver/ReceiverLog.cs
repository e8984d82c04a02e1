using System.Text.Json;

namespace WebhookReceiver;

/// <summary>One line per webhook, so a person watching the receiver sees each delivery arrive.</summary>
internal static partial class ReceiverLog
{
    /// <summary>The <c>type</c> of a webhook body (<c>shop.orders.insert</c>), or <c>?</c> when the body is not the expected shape.</summary>
    public static string TypeOf(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
                ? type.GetString()!
                : "?";
        }
        catch (JsonException)
        {
            return "?";
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Received {Type} {WebhookId} ({Bytes} bytes, signature verified{Repeat})")]
    public static partial void Received(ILogger logger, string type, string webhookId, int bytes, string repeat);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Rejected webhook {WebhookId}: no configured secret verifies its signature (Receiver:Secrets holds {Count})")]
    public static partial void Rejected(ILogger logger, string webhookId, int count);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning,
        Message = "Receiver:Secrets is empty: every webhook will be rejected. Start with Receiver__Secrets__0=whsec_... (the secret shown when the subscription was created)")]
    public static partial void NoSecrets(ILogger logger);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Receiving webhooks at {Path}")]
    public static partial void Listening(ILogger logger, string path);
}
