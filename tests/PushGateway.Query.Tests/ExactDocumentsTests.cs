using System.Reflection;
using MongoDB.Bson;
using MongoDB.Bson.IO;
using MongoDB.Bson.Serialization;
using PushGateway.Query.Bson;

namespace PushGateway.Query.Tests;

/// <summary>
/// <see cref="ExactDocuments"/> sets the driver's private element list: the documents it builds must behave exactly as
/// documents built with <c>Add</c> (lookups, later adds and removes, equality, duplicate names), and a driver release
/// that renames the field must be noticed here rather than silently make every document slow.
/// </summary>
public class ExactDocumentsTests
{
    private static List<BsonElement> Elements(int count) =>
        Enumerable.Range(0, count).Select(i => new BsonElement("f" + i, i % 2 == 0 ? i : "v" + i)).ToList();

    [Fact]
    public void DriverField_StillExists()
    {
        // Fails when a MongoDB.Bson update renames BsonDocument._elements (ExactDocuments would fall back to Add).
        Assert.NotNull(typeof(BsonDocument).GetField("_elements", BindingFlags.NonPublic | BindingFlags.Instance));
        Assert.NotNull(typeof(BsonDocument).GetField("_indexes", BindingFlags.NonPublic | BindingFlags.Instance));
        Assert.True(ExactDocuments.Available);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(17)]
    [InlineData(ExactDocuments.MaxUnindexed)]
    [InlineData(ExactDocuments.MaxUnindexed + 1)]
    [InlineData(200)]
    public void Create_BehavesAsAddedOneByOne(int count)
    {
        var elements = Elements(count);
        var exact = ExactDocuments.Create(elements.ToArray());
        var added = new BsonDocument(elements);

        Assert.Equal(added, exact);
        Assert.Equal(added.ToBson(), exact.ToBson());
        Assert.Equal(count, exact.ElementCount);
        foreach (var element in elements)
        {
            Assert.Equal(element.Value, exact[element.Name]);
        }

        Assert.False(exact.Contains("missing"));
        Assert.Equal(count - 1, exact.IndexOfName("f" + (count - 1)));

        // Later changes work as on any document (the first Add builds the name dictionary).
        exact.Add("extra", true);
        exact.Set("f0", "changed");
        exact.Remove(count > 1 ? "f1" : "extra");
        Assert.Equal("changed", exact["f0"].AsString);
        Assert.Equal(count > 1, exact.Contains("extra"));
        Assert.Throws<InvalidOperationException>(() => exact.Add("f0", 1));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(17)]
    [InlineData(ExactDocuments.MaxUnindexed)]
    public void Set_ReplacesOrAppends_AsTheIndexerDoes(int count)
    {
        var exact = ExactDocuments.ShallowClone(ExactDocuments.Create(Elements(count).ToArray()), ExactDocuments.CompactSlack);
        var reference = new BsonDocument(Elements(count));

        foreach (var (name, value) in new[] { ("f0", (BsonValue)"replaced"), ("new1", 1), ("new2", 2), ("new1", 3) })
        {
            ExactDocuments.Set(exact, name, value);
            reference[name] = value;
        }

        Assert.Equal(reference, exact);
        Assert.Equal(reference.ToBson(), exact.ToBson());
        Assert.Equal(3, exact["new1"].AsInt32);

        // Removing and inserting on a document that never built its dictionary.
        exact.Remove("f1");
        reference.Remove("f1");
        exact.InsertAt(0, new BsonElement("first", true));
        reference.InsertAt(0, new BsonElement("first", true));
        Assert.Equal(reference, exact);
        Assert.Equal(0, exact.IndexOfName("first"));
        Assert.False(exact.Contains("f1"));
    }

    [Fact]
    public void Create_RepeatedName_ThrowsTheDriversError_UnlessAllowed()
    {
        var elements = new List<BsonElement> { new("a", 1), new("b", 2), new("a", 3) };

        var expected = Assert.Throws<InvalidOperationException>(() => new BsonDocument(elements));
        var actual = Assert.Throws<InvalidOperationException>(() => ExactDocuments.Create(elements.ToArray()));
        Assert.Equal(expected.Message, actual.Message);

        var allowed = ExactDocuments.Create(elements.ToArray(), allowDuplicateNames: true);
        Assert.Equal(3, allowed.ElementCount);
        Assert.Equal(new BsonDocument(allowDuplicateNames: true).AddRange(elements), allowed);
    }

    [Fact]
    public void ShallowClone_And_Compact_CopyTheTopLevelOnly()
    {
        var nested = new BsonDocument("x", 1);
        var grown = new BsonDocument(Elements(17)) { { "nested", nested } };

        var compact = ExactDocuments.Compact(grown);
        var clone = ExactDocuments.ShallowClone(grown);

        Assert.NotSame(grown, compact);
        Assert.Equal(grown, compact);
        Assert.Same(nested, compact["nested"]);
        Assert.Equal(grown, clone);
        Assert.Same(nested, clone["nested"]);
        Assert.Same(compact, ExactDocuments.Compact(compact)); // already exact: kept as it is
        clone.Set("f0", "changed");
        Assert.Equal(0, grown["f0"].AsInt32);
    }

    [Fact]
    public void Decoder_ReadsWhatTheDriverReads_IncludingLongAndNestedDocuments()
    {
        var document = new BsonDocument(Elements(40))
        {
            { "nested", new BsonDocument(Elements(20)) },
            { "array", new BsonArray { new BsonDocument(Elements(3)), 1, "two" } },
        };
        var bytes = document.ToBson();

        using var reader = new BsonBinaryReader(new MemoryStream(bytes));
        var decoded = BsonDocumentDecoder.ReadDocument(reader);

        Assert.Equal(BsonSerializer.Deserialize<BsonDocument>(bytes), decoded);
        Assert.Equal(bytes, decoded.ToBson());
    }

    [Fact]
    public void Decoder_RepeatedName_FailsAsTheDriverFails()
    {
        var bytes = new BsonDocument(allowDuplicateNames: true) { { "a", 1 }, { "b", 2 }, { "a", 3 } }.ToBson();

        var expected = Assert.ThrowsAny<Exception>(() => BsonSerializer.Deserialize<BsonDocument>(bytes));
        using var reader = new BsonBinaryReader(new MemoryStream(bytes));
        var actual = Assert.ThrowsAny<Exception>(() => BsonDocumentDecoder.ReadDocument(reader));

        Assert.Equal(expected.GetType(), actual.GetType());
        Assert.Equal(expected.Message, actual.Message);
    }
}
