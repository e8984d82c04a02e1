using MongoDB.Bson;
using PushGateway.ChangeStreams;

namespace PushGateway.Tests.Webhooks;

/// <summary>Change events shaped like the multiplexer's, for feeding the outbox directly.</summary>
internal static class TestEvents
{
    private static long _sequence;

    public static ChangeEvent Insert(string collection, string? tenantId, BsonDocument fullDocument, string? eventId = null, string operationType = "insert")
    {
        var id = eventId ?? $"evt_{Interlocked.Increment(ref _sequence):D12}_{Guid.NewGuid():N}";
        var dot = collection.IndexOf('.', StringComparison.Ordinal);
        var key = new BsonDocument("_id", fullDocument.GetValue("_id", ObjectId.GenerateNewId()));
        var wallTime = DateTime.UtcNow;
        var clusterTime = new BsonTimestamp((int)DateTimeOffset.UtcNow.ToUnixTimeSeconds(), (int)(Interlocked.Increment(ref _sequence) % int.MaxValue));
        var document = new BsonDocument
        {
            { "operationType", operationType },
            { "ns", new BsonDocument { { "db", collection[..dot] }, { "coll", collection[(dot + 1)..] } } },
            { "documentKey", key },
            { "fullDocument", fullDocument },
            { "clusterTime", clusterTime },
            { "wallTime", wallTime },
            { "tenantId", tenantId is null ? BsonNull.Value : tenantId },
        };
        return new ChangeEvent
        {
            EventId = id,
            Collection = collection,
            OperationType = operationType,
            DocumentKey = key,
            FullDocument = fullDocument,
            ClusterTime = clusterTime,
            WallTime = wallTime,
            TenantId = tenantId,
            ResumeToken = new BsonDocument("_data", id),
            Document = document,
        };
    }
}
