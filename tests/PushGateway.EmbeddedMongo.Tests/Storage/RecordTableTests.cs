using MongoDB.Bson;
using PushGateway.EmbeddedMongo.Storage;

namespace PushGateway.EmbeddedMongo.Tests.Storage;

/// <summary>The chunked record table behaves exactly like an ordered map from record id to document.</summary>
public sealed class RecordTableTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Operations_RandomAddsReplacesAndRemoves_MatchSortedDictionary(int seed)
    {
        var random = new Random(seed);
        var table = new RecordTable();
        var expected = new SortedDictionary<long, BsonDocument>();
        long next = 1;
        for (var step = 0; step < 20_000; step++)
        {
            var roll = random.Next(10);
            if (roll < 5 || expected.Count == 0)
            {
                // Mostly consecutive ids, sometimes a jump over whole chunks.
                next += random.Next(20) == 0 ? random.Next(1, 5000) : 1;
                var doc = new BsonDocument("_id", next);
                table.Add(next, doc);
                expected.Add(next, doc);
            }
            else
            {
                var id = expected.Keys.ElementAt(random.Next(expected.Count));
                if (roll < 7)
                {
                    var doc = new BsonDocument { { "_id", id }, { "v", step } };
                    table.Set(id, doc);
                    expected[id] = doc;
                }
                else
                {
                    Assert.True(table.Remove(id));
                    expected.Remove(id);
                    Assert.False(table.Remove(id));
                }
            }
        }

        Assert.Equal(expected.Count, table.Count);
        Assert.Equal(expected.ToList(), table.Scan().ToList());
        foreach (var (id, doc) in expected)
        {
            Assert.True(table.TryGet(id, out var found));
            Assert.Same(doc, found);
        }
    }

    [Fact]
    public void Remove_EveryRecordThenAddMore_KeepsOrderAndFindsNothingRemoved()
    {
        var table = new RecordTable();
        for (long id = 1; id <= 100_000; id++)
        {
            table.Add(id, new BsonDocument("_id", id));
        }

        for (long id = 1; id <= 100_000; id++)
        {
            Assert.True(table.Remove(id));
        }

        table.Add(100_001, new BsonDocument("_id", 100_001));
        table.Add(250_000, new BsonDocument("_id", 250_000));

        Assert.Equal(2, table.Count);
        Assert.Equal([100_001L, 250_000L], table.Scan().Select(r => r.Key));
        Assert.False(table.TryGet(5, out _));
        Assert.Throws<KeyNotFoundException>(() => table[99_999]);
        Assert.Throws<KeyNotFoundException>(() => table.Set(99_999, new BsonDocument()));
    }

    [Fact]
    public void Add_IdNotAfterTheLast_Throws()
    {
        var table = new RecordTable();
        table.Add(5, new BsonDocument());

        Assert.Throws<InvalidOperationException>(() => table.Add(5, new BsonDocument()));
    }
}
