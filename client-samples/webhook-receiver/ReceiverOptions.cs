namespace WebhookReceiver;

/// <summary>Receiver settings (<c>Receiver:*</c>).</summary>
public sealed class ReceiverOptions
{
    public const string SectionName = "Receiver";

    /// <summary>Signing secrets (<c>whsec_...</c>) accepted; list the old and the new one while rotating.</summary>
    public List<string> Secrets { get; set; } = [];

    /// <summary>Path webhooks are POSTed to. Default <c>/webhooks</c>.</summary>
    public string Path { get; set; } = "/webhooks";

    /// <summary>
    /// Optional: decides the response for a verified webhook (null = 200). Tests use it to simulate outages
    /// (500, 429 with Retry-After, 410, slow answers); a real receiver would not need it.
    /// </summary>
    public Func<ReceivedWebhook, IResult?>? Responder { get; set; }
}
