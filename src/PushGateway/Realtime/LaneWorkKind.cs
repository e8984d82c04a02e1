namespace PushGateway.Realtime;

/// <summary>What a <see cref="TenantLane"/> does with an event.</summary>
internal enum LaneWorkKind
{
    /// <summary>Evaluate the tenant's filters and send <c>change</c> to the matching groups.</summary>
    Change,

    /// <summary>The document was handed over to another tenant: send <c>left</c> to every group of the former owner.</summary>
    Left,
}
