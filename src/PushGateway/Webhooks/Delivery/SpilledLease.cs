namespace PushGateway.Webhooks.Delivery;

/// <summary>
/// Rows the outbox wrote leased to this instance without holding them in memory: all rows carrying <paramref name="Token"/>
/// with <c>dueAt</c> = <paramref name="LeasedUntil"/> (at most one lease batch).
/// </summary>
internal sealed record SpilledLease(string Token, DateTime LeasedUntil, int Rows);
