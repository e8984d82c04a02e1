namespace PushGateway.Realtime;

/// <summary>One queued server → client message; <see cref="WallTime"/> (of a change) feeds the lag metric.</summary>
internal sealed record OutboundMessage(string Method, object Payload, string Collection, DateTime? WallTime);
