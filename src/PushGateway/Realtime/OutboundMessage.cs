using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace PushGateway.Realtime;

/// <summary>One queued server → client message; <see cref="WallTime"/> (of a change) feeds the lag metric.</summary>
/// <remarks>
/// One instance is queued to every member of a subscription group: <see cref="Serialized"/> is serialised by the first
/// connection that writes it (once per hub protocol) and copied as bytes by all the others.
/// </remarks>
internal sealed record OutboundMessage(string Method, object Payload, string Collection, DateTime? WallTime)
{
    public SerializedHubMessage Serialized { get; } = new(new InvocationMessage(Method, [Payload]));
}
