namespace PushGateway.ChangeStreams;

/// <summary>What the gateway watches (<c>Gateway:*</c>).</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>The watched collections. Default: none (the Development demo adds its own).</summary>
    public List<WatchOptions> Watch { get; set; } = [];
}
