namespace PushGateway.Observability;

/// <summary>
/// The name of the gateway's <see cref="System.Diagnostics.Metrics.Meter"/>. Features create their instruments
/// from <see cref="System.Diagnostics.Metrics.IMeterFactory"/> with this name, each in one <c>*Metrics</c> class,
/// with names prefixed <c>pushgateway.</c>.
/// </summary>
public static class GatewayMeter
{
    public const string Name = "PushGateway";
}
