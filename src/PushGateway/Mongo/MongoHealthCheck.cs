using Microsoft.Extensions.Diagnostics.HealthChecks;
using MongoDB.Bson;
using MongoDB.Driver;

namespace PushGateway.Mongo;

/// <summary>Ready when the gateway's database answers a <c>ping</c>; otherwise Unhealthy (503) saying why.</summary>
internal sealed class MongoHealthCheck(IMongoDatabase database) : IHealthCheck
{
    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(PingTimeout);
            await database.RunCommandAsync<BsonDocument>(new BsonDocument("ping", 1), cancellationToken: timeout.Token);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (MongoUnavailable.Is(ex) || ex is OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"MongoDB is unreachable: no server answered a ping within {PingTimeout.TotalSeconds:0} s. Check Mongo:ConnectionString and that MongoDB runs; the gateway reconnects by itself.");
        }
        catch (MongoException ex)
        {
            return HealthCheckResult.Unhealthy($"MongoDB refused a ping ({ex.GetType().Name}).");
        }
    }
}
