namespace PushGateway.Webhooks.Delivery;

/// <summary>How the outbox writes a row, as decided by <see cref="DeliveryHandoff.TryReserve"/>.</summary>
internal enum HandoffLease
{
    /// <summary>Written due at once, for whichever worker leases it by a query.</summary>
    None,

    /// <summary>Written leased to this instance and handed to its worker in memory.</summary>
    InMemory,

    /// <summary>
    /// Written leased to this instance but not held in memory: its worker reads it back by its lease (a query, no claim
    /// write) when its turn comes.
    /// </summary>
    Spilled,
}
