using System.Text;
using MongoDB.Bson;
using PushGateway.EmbeddedMongo.Storage;

namespace PushGateway.EmbeddedMongo.Tests.Storage;

/// <summary>Index keys order strings as mongod does: by the bytes of their UTF-8 encodings.</summary>
public sealed class IndexEntryComparerTests
{
    private static readonly string[] Strings =
    [
        "", "a", "ab", "abc", "abd", "b", "sub-0000000000000000000000001", "sub-0000000000000000000000002", "sub-00000000000000000000000010",
        "\uE000", "\uFFFF", "\U0001D11E", "x\U0001D11Ey", "x\uE000", "é", "e\u0301", new string('z', 40) + "a", new string('z', 40) + "b",
    ];

    [Fact]
    public void Compare_StringKeys_Utf8ByteOrder()
    {
        foreach (var x in Strings)
        {
            foreach (var y in Strings)
            {
                var expected = Math.Sign(Encoding.UTF8.GetBytes(x).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(y)));

                // A copy of y, so that equal strings are compared by content, not by reference.
                var actual = IndexEntryComparer.Instance.Compare(new IndexEntry([x], 1), new IndexEntry([new string(y.AsSpan())], 1));

                Assert.True(expected == Math.Sign(actual), $"'{x}' vs '{y}'");
            }
        }
    }

    [Fact]
    public void Compare_MixedKeyParts_MongodTypeOrderThenValue()
    {
        IndexEntry[] ascending =
        [
            new([BsonNull.Value], 1), new([1], 1), new([1.5], 1), new(["a"], 1), new(["b"], 1),
            new([new BsonDateTime(-5)], 1), new([new BsonDateTime(7)], 1), new([new BsonDateTime(7)], 2), new([new BsonTimestamp(1, 1)], 1),
        ];

        for (var i = 0; i + 1 < ascending.Length; i++)
        {
            Assert.True(IndexEntryComparer.Instance.Compare(ascending[i], ascending[i + 1]) < 0, $"{i}");
            Assert.True(IndexEntryComparer.Instance.Compare(ascending[i + 1], ascending[i]) > 0, $"{i}");
        }
    }
}
