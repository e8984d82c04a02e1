using MongoDB.Bson;
using PushGateway.ChangeStreams;

namespace PushGateway.Tests.ChangeStreams;

public sealed class ChangeEventNormalizerTests
{
    private static readonly WatchOptions Watch = new() { Database = "shop", Collection = "orders", TenantField = "meta.tenant" };

    [Fact]
    public void Normalize_Insert_TenantFromFullDocumentAndEventIdFromToken()
    {
        var change = ChangeEventNormalizer.Normalize(Raw("insert", full: Doc("acme")), Watch)!;

        Assert.Equal("acme", change.TenantId);
        Assert.Equal("A1", change.EventId);
        Assert.Equal("shop.orders", change.Collection);
        Assert.Equal("acme", change.Document["tenantId"].AsString);
        Assert.Equal("orders", change.Document["ns"]["coll"].AsString);
    }

    [Fact]
    public void Normalize_UpdateWithoutPostImage_NoTenant()
    {
        // Without images an update carries nothing true at its time: no lookup, no memory of earlier events.
        ChangeEventNormalizer.Normalize(Raw("insert", full: Doc("acme")), Watch);

        var update = ChangeEventNormalizer.Normalize(Raw("update"), Watch, out var resolution)!;

        Assert.Null(update.TenantId);
        Assert.Equal(TenantResolver.ImageMissing, resolution.Unresolved);
    }

    [Fact]
    public void Normalize_UpdateWithPostImage_TenantFromPostImageNotPreImage()
    {
        var update = ChangeEventNormalizer.Normalize(Raw("update", full: Doc("globex"), pre: Doc("acme")), Watch, out var resolution)!;

        Assert.Equal("globex", update.TenantId);
        Assert.Equal("acme", update.FormerTenantId);
        Assert.True(resolution.HandOver);
    }

    [Fact]
    public void Normalize_HandOverWithPreImagesOn_PreImageStrippedFromEventAndFilterDocument()
    {
        var watch = new WatchOptions { Database = "shop", Collection = "orders", TenantField = "meta.tenant", PreImages = true };

        var update = ChangeEventNormalizer.Normalize(Raw("update", full: Doc("globex"), pre: Doc("acme", secret: "s1")), watch)!;

        Assert.Null(update.FullDocumentBeforeChange);
        Assert.False(update.Document.Contains("fullDocumentBeforeChange"));
        Assert.Equal("globex", update.FullDocument!["meta"]["tenant"].AsString);
    }

    [Fact]
    public void Normalize_SameTenantWithPreImagesOn_PreImageKept()
    {
        var watch = new WatchOptions { Database = "shop", Collection = "orders", TenantField = "meta.tenant", PreImages = true };

        var update = ChangeEventNormalizer.Normalize(Raw("update", full: Doc("acme"), pre: Doc("acme", secret: "s1")), watch)!;

        Assert.Null(update.FormerTenantId);
        Assert.Equal("s1", update.Document["fullDocumentBeforeChange"]["secret"].AsString);
    }

    [Fact]
    public void Normalize_PreImagesOff_PreImageReadForTenantButNotSent()
    {
        var delete = ChangeEventNormalizer.Normalize(Raw("delete", pre: Doc("globex", secret: "s1")), Watch)!;

        Assert.Equal("globex", delete.TenantId);
        Assert.Null(delete.FullDocumentBeforeChange);
        Assert.False(delete.Document.Contains("fullDocumentBeforeChange"));
    }

    [Fact]
    public void Normalize_ReplacedByDocumentWithoutTenant_NoTenantAndFormerOwnerNoted()
    {
        var replace = ChangeEventNormalizer.Normalize(Raw("replace", full: new BsonDocument("_id", 1), pre: Doc("acme")), Watch, out var resolution)!;

        Assert.Null(replace.TenantId);
        Assert.Equal("acme", replace.FormerTenantId);
        Assert.Equal(TenantResolver.FieldMissing, resolution.Unresolved);
    }

    [Fact]
    public void Normalize_UpdateWithFullDocumentOff_PostImageUsedForTenantButNotSent()
    {
        var watch = new WatchOptions { Database = "shop", Collection = "orders", TenantField = "meta.tenant", FullDocument = false };

        var update = ChangeEventNormalizer.Normalize(Raw("update", full: Doc("acme")), watch)!;

        Assert.Equal("acme", update.TenantId);
        Assert.Null(update.FullDocument);
        Assert.False(update.Document.Contains("fullDocument"));
    }

    [Theory]
    [InlineData("number")]
    [InlineData("empty")]
    [InlineData("array")]
    [InlineData("reserved")]
    public void Normalize_TenantNotANonEmptyString_NoTenant(string kind)
    {
        BsonValue value = kind switch
        {
            "number" => 7,
            "empty" => "",
            "array" => new BsonArray { "acme" },
            _ => "*",
        };
        var full = new BsonDocument { { "_id", 1 }, { "meta", new BsonDocument("tenant", value) } };

        var insert = ChangeEventNormalizer.Normalize(Raw("insert", full: full), Watch, out var resolution)!;

        Assert.Null(insert.TenantId);
        Assert.Equal(TenantResolver.NotAString, resolution.Unresolved);
        Assert.True(insert.Document["tenantId"].IsBsonNull);
    }

    [Fact]
    public void Normalize_TenantInDocumentKey_TenantFromKeyWithoutImages()
    {
        var watch = new WatchOptions { Database = "shop", Collection = "orders", TenantField = "_id.tenant" };
        var raw = Raw("delete");
        raw["documentKey"] = new BsonDocument("_id", new BsonDocument { { "tenant", "acme" }, { "n", 1 } });

        var delete = ChangeEventNormalizer.Normalize(raw, watch)!;

        Assert.Equal("acme", delete.TenantId);
        Assert.False(watch.NeedsImages);
    }

    [Fact]
    public void Normalize_DeleteWithoutPreImage_NoTenant()
    {
        var delete = ChangeEventNormalizer.Normalize(Raw("delete"), Watch)!;

        Assert.Null(delete.TenantId);
        Assert.True(delete.Document["tenantId"].IsBsonNull);
    }

    [Fact]
    public void Normalize_CollectionEvent_Skipped()
    {
        Assert.Null(ChangeEventNormalizer.Normalize(new BsonDocument { { "_id", new BsonDocument("_data", "A3") }, { "operationType", "drop" } }, Watch));
    }

    private static BsonDocument Doc(string tenant, string? secret = null)
    {
        var doc = new BsonDocument { { "_id", 1 }, { "meta", new BsonDocument("tenant", tenant) } };
        if (secret is not null)
        {
            doc["secret"] = secret;
        }

        return doc;
    }

    private static BsonDocument Raw(string op, BsonDocument? full = null, BsonDocument? pre = null)
    {
        var raw = new BsonDocument
        {
            { "_id", new BsonDocument("_data", "A1") },
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

        if (pre is not null)
        {
            raw["fullDocumentBeforeChange"] = pre;
        }

        return raw;
    }
}
