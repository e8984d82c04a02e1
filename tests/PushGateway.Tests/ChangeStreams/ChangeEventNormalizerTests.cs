using MongoDB.Bson;
using PushGateway.ChangeStreams;

namespace PushGateway.Tests.ChangeStreams;

public sealed class ChangeEventNormalizerTests
{
    private static readonly WatchOptions Watch = new() { Database = "shop", Collection = "orders", TenantField = "meta.tenant" };

    [Fact]
    public void Normalize_Insert_TenantFromFullDocumentAndEventIdFromToken()
    {
        var change = ChangeEventNormalizer.Normalize(Raw("insert", "A1", full: new BsonDocument { { "_id", 1 }, { "meta", new BsonDocument("tenant", "acme") } }), Watch, new RecentTenantCache(10))!;

        Assert.Equal("acme", change.TenantId);
        Assert.Equal("A1", change.EventId);
        Assert.Equal("shop.orders", change.Collection);
        Assert.Equal("acme", change.Document["tenantId"].AsString);
        Assert.Equal("orders", change.Document["ns"]["coll"].AsString);
    }

    [Fact]
    public void Normalize_DeleteWithoutPreImage_TenantFromRecentDocuments()
    {
        var cache = new RecentTenantCache(10);
        ChangeEventNormalizer.Normalize(Raw("insert", "A1", full: new BsonDocument { { "_id", 1 }, { "meta", new BsonDocument("tenant", "acme") } }), Watch, cache);

        var delete = ChangeEventNormalizer.Normalize(Raw("delete", "A2"), Watch, cache)!;

        Assert.Equal("acme", delete.TenantId);
    }

    [Fact]
    public void Normalize_DeleteWithPreImage_TenantFromPreImage()
    {
        var raw = Raw("delete", "A2");
        raw["fullDocumentBeforeChange"] = new BsonDocument { { "_id", 1 }, { "meta", new BsonDocument("tenant", "globex") } };

        var delete = ChangeEventNormalizer.Normalize(raw, Watch, new RecentTenantCache(10))!;

        Assert.Equal("globex", delete.TenantId);
    }

    [Fact]
    public void Normalize_UnknownDocumentDeleted_NoTenant()
    {
        var delete = ChangeEventNormalizer.Normalize(Raw("delete", "A2"), Watch, new RecentTenantCache(10))!;

        Assert.Null(delete.TenantId);
        Assert.True(delete.Document["tenantId"].IsBsonNull);
    }

    [Fact]
    public void Normalize_CollectionEvent_Skipped()
    {
        Assert.Null(ChangeEventNormalizer.Normalize(new BsonDocument { { "_id", new BsonDocument("_data", "A3") }, { "operationType", "drop" } }, Watch, new RecentTenantCache(10)));
    }

    [Fact]
    public void Remember_PastCapacity_ForgetsTheLeastRecentlyWritten()
    {
        var cache = new RecentTenantCache(2);
        cache.Remember(new BsonDocument("_id", 1), "a");
        cache.Remember(new BsonDocument("_id", 2), "b");
        cache.Remember(new BsonDocument("_id", 1), "a");

        cache.Remember(new BsonDocument("_id", 3), "c");

        Assert.Null(cache.Find(new BsonDocument("_id", 2)));
        Assert.Equal("a", cache.Find(new BsonDocument("_id", 1)));
    }

    private static BsonDocument Raw(string op, string token, BsonDocument? full = null)
    {
        var raw = new BsonDocument
        {
            { "_id", new BsonDocument("_data", token) },
            { "operationType", op },
            { "clusterTime", new BsonTimestamp(100, 1) },
            { "wallTime", new BsonDateTime(DateTime.UnixEpoch.AddSeconds(100)) },
            { "ns", new BsonDocument { { "db", "shop" }, { "coll", "orders" } } },
            { "documentKey", new BsonDocument("_id", 1) },
        };
        if (full is not null)
        {
            raw["fullDocument"] = full;
        }

        return raw;
    }
}
