using MongoDB.Bson;
using PushGateway.EmbeddedMongo.Storage;

namespace PushGateway.EmbeddedMongo.Tests.Storage;

/// <summary>An index's sorted entries must behave as a sorted set of (key, record id) under any mix of changes.</summary>
public sealed class OrderedKeysTests
{
    [Theory]
    [InlineData("random")]
    [InlineData("increasing")]
    [InlineData("decreasing")]
    [InlineData("clustered")]
    public void AddRemoveBetween_ManyChanges_SameAsASortedSet(string pattern)
    {
        var random = new Random(13);
        var keys = new OrderedKeys();
        var model = new SortedSet<IndexEntry>(IndexEntryComparer.Instance);
        for (var step = 0; step < 6000; step++)
        {
            var n = pattern switch
            {
                "increasing" => step,
                "decreasing" => -step,
                "clustered" => (step % 3) * 100000 + step,
                _ => random.Next(2000),
            };
            var entry = new IndexEntry([n % 7 == 0 ? "s" + n : n], n % 5);
            if (random.Next(4) == 0 && model.Count > 0)
            {
                // Remove an existing entry (or, every other time, one that is not there).
                var victim = random.Next(2) == 0 ? model.ElementAt(random.Next(model.Count)) : new IndexEntry([-1], -1);
                keys.Remove(victim);
                model.Remove(victim);
            }
            else
            {
                keys.Add(entry);
                keys.Add(entry); // a second add of an equal entry changes nothing
                model.Add(entry);
            }

            if (step % 500 == 0 || step == 5999)
            {
                Assert.Equal(model.Count, keys.Count);
                Assert.Equal(model, keys.Between(Low(BsonMinKey.Value), High(BsonMaxKey.Value)));
                var a = random.Next(-6000, 300000);
                var b = a + random.Next(0, 2000);
                Assert.Equal(model.GetViewBetween(Low(a), High(b)), keys.Between(Low(a), High(b)));
            }
        }
    }

    [Fact]
    public void Between_ChangedDuringTheWalk_Throws()
    {
        var keys = new OrderedKeys();
        keys.Add(new IndexEntry([1], 1));
        keys.Add(new IndexEntry([2], 2));

        var walk = Assert.Throws<InvalidOperationException>(() =>
        {
            foreach (var entry in keys.Between(Low(0), High(10)))
            {
                keys.Add(new IndexEntry([3], 3));
            }
        });

        Assert.Contains("store lock", walk.Message, StringComparison.Ordinal);
    }

    private static IndexEntry Low(BsonValue n) => new([n], long.MinValue);

    private static IndexEntry High(BsonValue n) => new([n], long.MaxValue);
}
