using System.ComponentModel.DataAnnotations;

namespace PushGateway.Observability;

/// <summary>How the gateway identifies itself in telemetry (<c>Observability:*</c>).</summary>
public sealed class ObservabilityOptions
{
    public const string SectionName = "Observability";

    /// <summary>The OpenTelemetry <c>service.name</c> of every metric (Prometheus: <c>target_info</c>, <c>job</c>). Default <c>pushgateway</c>.</summary>
    [Required(AllowEmptyStrings = false)]
    public string ServiceName { get; set; } = "pushgateway";
}
