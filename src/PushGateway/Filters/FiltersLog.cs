namespace PushGateway.Filters;

internal static partial class FiltersLog
{
    [LoggerMessage(EventId = 6000, Level = LogLevel.Warning, Message = "The filters of tenant {TenantId} used up their evaluation time ({PerSecond} ms per second); its events are not matched (no hub message, no webhook) until it refills. Told at most once a minute per tenant")]
    public static partial void TenantTimeSpent(ILogger logger, string tenantId, double perSecond);
}
