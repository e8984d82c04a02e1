using MongoDB.Bson;
using PushGateway.EmbeddedMongo.Storage;

namespace PushGateway.EmbeddedMongo.Tests.Storage;

/// <summary>The computed size must equal the serialised size: cursors cut batches at 16 MB by it.</summary>
public sealed class BsonSizeTests
{
    [Fact]
    public void Of_EveryStoredType_EqualsTheSerialisedLength()
    {
        var document = new BsonDocument
        {
            { "_id", ObjectId.GenerateNewId() },
            { "d", 1.5 }, { "s", "héllo ✓" }, { "i", 42 }, { "l", 42L }, { "m", Decimal128.Parse("1.25") },
            { "b", true }, { "n", BsonNull.Value }, { "u", BsonUndefined.Value }, { "when", new BsonDateTime(1_700_000_000_000) },
            { "ts", new BsonTimestamp(5, 6) }, { "re", new BsonRegularExpression("^a.*", "i") },
            { "bin", new BsonBinaryData([1, 2, 3]) }, { "uuid", new BsonBinaryData(Guid.NewGuid(), GuidRepresentation.Standard) },
            { "js", new BsonJavaScript("x => x") }, { "jss", new BsonJavaScriptWithScope("f()", new BsonDocument("a", 1)) },
            { "sym", BsonSymbol.Create("sym") }, { "min", BsonMinKey.Value }, { "max", BsonMaxKey.Value },
            { "arr", new BsonArray(Enumerable.Range(0, 120).Select(i => (BsonValue)i)) },
            { "nested", new BsonDocument("deeper", new BsonArray { new BsonDocument("x", "y"), new BsonArray() }) },
        };

        Assert.Equal(document.ToBson().Length, BsonSize.Of(document));
    }
}
