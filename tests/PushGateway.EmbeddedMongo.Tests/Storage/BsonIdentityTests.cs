using MongoDB.Bson;
using PushGateway.EmbeddedMongo.Storage;

namespace PushGateway.EmbeddedMongo.Tests.Storage;

/// <summary>"Same" must mean "same BSON bytes": an update is a no-op (no change event, nModified 0) only then.</summary>
public sealed class BsonIdentityTests
{
    public static TheoryData<BsonDocument, BsonDocument> Different => new()
    {
        { new BsonDocument("a", 1), new BsonDocument("a", 1L) },
        { new BsonDocument("a", 1), new BsonDocument("a", 1.0) },
        { new BsonDocument("a", 0.0), new BsonDocument("a", -0.0) },
        { new BsonDocument { { "a", 1 }, { "b", 2 } }, new BsonDocument { { "b", 2 }, { "a", 1 } } },
        { new BsonDocument("a", new BsonArray { 1, 2 }), new BsonDocument("a", new BsonArray { 2, 1 }) },
        { new BsonDocument("a", new BsonDocument("x", "y")), new BsonDocument("a", new BsonDocument("x", "Y")) },
        { new BsonDocument("a", BsonNull.Value), new BsonDocument() },
        { new BsonDocument("a", new BsonBinaryData([1, 2], BsonBinarySubType.Binary)), new BsonDocument("a", new BsonBinaryData([1, 2], BsonBinarySubType.UserDefined)) },
    };

    [Theory]
    [MemberData(nameof(Different))]
    public void Same_DifferentBytes_IsFalseLikeTheBytes(BsonDocument x, BsonDocument y)
    {
        Assert.False(x.ToBson().AsSpan().SequenceEqual(y.ToBson()));
        Assert.False(BsonIdentity.Same(x, y));
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
