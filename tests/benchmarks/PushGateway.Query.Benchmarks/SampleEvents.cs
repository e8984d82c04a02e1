using MongoDB.Bson;

namespace PushGateway.Query.Benchmarks;

/// <summary>A realistic change event (update of an order) used by every benchmark.</summary>
internal static class SampleEvents
{
    public static BsonDocument OrderUpdate(string tenant = "tenant-17", string collection = "orders") => new()
    {
        { "_id", new BsonDocument("_data", "8265F0C0FFEE000000012B022C0100296E5A1004") },
        { "operationType", "update" },
        { "clusterTime", new BsonTimestamp(1710000000, 1) },
        { "ns", new BsonDocument { { "db", "shop" }, { "coll", collection } } },
        { "documentKey", new BsonDocument("_id", ObjectId.Parse("65f0c0ffee0000000000beef")) },
        {
            "fullDocument", new BsonDocument
            {
                { "_id", ObjectId.Parse("65f0c0ffee0000000000beef") },
                { "tenantId", tenant },
                { "status", "shipped" },
                { "total", 149.90 },
                { "customer", new BsonDocument { { "name", "Acme Corp" }, { "tier", "gold" } } },
                { "items", new BsonArray { new BsonDocument { { "sku", "A-1" }, { "qty", 2 } }, new BsonDocument { { "sku", "B-7" }, { "qty", 1 } } } },
                { "tags", new BsonArray { "priority", "export" } },
            }
        },
        { "updateDescription", new BsonDocument { { "updatedFields", new BsonDocument("status", "shipped") }, { "removedFields", new BsonArray() } } },
    };
}
