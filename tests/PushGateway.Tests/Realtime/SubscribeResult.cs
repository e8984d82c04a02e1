namespace PushGateway.Tests.Realtime;

/// <summary>The hub's answer to <c>Subscribe</c>, as a client reads it.</summary>
internal sealed record SubscribeResult(string SubscriptionId, bool Recovered, string Position);
