using MongoDB.Bson;
using PushGateway.EmbeddedMongo.Storage;

namespace PushGateway.EmbeddedMongo.Tests.Storage;

/// <summary>"Same" must mean "same BSON bytes": an update is a no-op (no change event, nModified 0) only then.</summary>
public sealed class BsonIdentityTests
{
    public static TheoryData<string, BsonDocument, BsonDocument> Different => new()
    {
        { "int vs long", new BsonDocument("a", 1), new BsonDocument("a", 1L) },
        { "int vs double", new BsonDocument("a", 1), new BsonDocument("a", 1.0) },
        { "field order", new BsonDocument { { "a", 1 }, { "b", 2 } }, new BsonDocument { { "b", 2 }, { "a", 1 } } },
        { "array order", new BsonDocument("a", new BsonArray { 1, 2 }), new BsonDocument("a", new BsonArray { 2, 1 }) },
        { "nested string", new BsonDocument("a", new BsonDocument("x", "y")), new BsonDocument("a", new BsonDocument("x", "Y")) },
        { "null vs missing", new BsonDocument("a", BsonNull.Value), new BsonDocument() },
        { "binary subtype", new BsonDocument("a", new BsonBinaryData([1, 2], BsonBinarySubType.Binary)), new BsonDocument("a", new BsonBinaryData([1, 2], BsonBinarySubType.UserDefined)) },
    };

    [Theory]
    [MemberData(nameof(Different))]
    public void Same_DifferentBytes_IsFalseLikeTheBytes(string difference, BsonDocument x, BsonDocument y)
    {
        Assert.False(x.ToBson().AsSpan().SequenceEqual(y.ToBson()), difference);
        Assert.False(BsonIdentity.Same(x, y), difference);
    }

    [Fact]
    public void Same_EqualDocumentsBuiltApart_IsTrue()
    {
        BsonDocument Build() => new()
        {
            { "_id", new ObjectId("0123456789abcdef01234567") },
            { "n", double.NaN },
            { "when", new BsonDateTime(1_700_000_000_000) },
            { "tags", new BsonArray { "a", new BsonDocument("b", Decimal128.Parse("1.50")) } },
            { "bin", new BsonBinaryData([1, 2, 3]) },
        };

        Assert.True(BsonIdentity.Same(Build(), Build()));
    }
}
