namespace PushGateway.Observability;

/// <summary>Health check tags: <see cref="Ready"/> checks run on <c>/health/ready</c>; <c>/health/live</c> runs none.</summary>
internal static class HealthTags
{
    public const string Ready = "ready";
}
