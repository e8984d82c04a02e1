namespace PushGateway.ChangeStreams;

/// <summary>
/// Whose an event is. <see cref="Tenant"/> is null when it cannot be established (<see cref="Unresolved"/> says why);
/// <see cref="FormerTenant"/> is set on a hand-over: the pre-image belonged to another tenant (or to one, and the
/// document now has none).
/// </summary>
internal readonly record struct TenantResolution(string? Tenant, string? FormerTenant, bool HandOver, string? Unresolved)
{
    public static TenantResolution Of(string tenant) => new(tenant, null, false, null);

    public static TenantResolution Fail(string reason) => new(null, null, false, reason);
}
