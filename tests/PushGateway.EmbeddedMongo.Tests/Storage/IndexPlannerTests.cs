using MongoDB.Bson;
using PushGateway.EmbeddedMongo.Storage;

namespace PushGateway.EmbeddedMongo.Tests.Storage;

/// <summary>Index-selected results must equal a full scan's, for any documents, filters and write history.</summary>
public sealed class IndexPlannerTests
{
    private static readonly BsonDocument[] IndexKeys =
    [
        new("a", 1),
        new() { { "a", 1 }, { "b", -1 } },
        new() { { "s", 1 }, { "due", 1 } },
        new() { { "c.x", 1 }, { "a", 1 } },
        new("b", 1),
        new("arr.0", 1),
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void Match_RandomDocumentsAndFilters_IndexedEqualsScan(int seed)
    {
        var random = new Random(seed);
        var indexed = NewCollection(withIndexes: true);
        var plain = NewCollection(withIndexes: false);
        var usedIndex = 0;
        for (var round = 0; round < 40; round++)
        {
            ApplyRandomWrites(random, indexed, plain);
            for (var q = 0; q < 25; q++)
            {
                var spec = RandomFilter(random);
                var filter = QueryAdapter.ParseFilter(spec);
                var limit = random.Next(4) == 0 ? random.Next(1, 4) : int.MaxValue;
                if (IndexPlanner.Candidates(indexed, spec) is not null)
                {
                    usedIndex++;
                }

                // An index scan returns its matches in index order (as mongod does), so compare as sets; under a
                // limit it returns that many of the matches, without duplicates.
                var expected = DocumentMatcher.Match(plain, spec, filter).Select(m => m.Value.ToJson()).Order(StringComparer.Ordinal).ToList();
                var actual = DocumentMatcher.Match(indexed, spec, filter, limit).Select(m => m.Value.ToJson()).ToList();
                var message = $"seed {seed}, filter {spec.ToJson()}, limit {limit}:\nscan  {string.Join(", ", expected)}\nindex {string.Join(", ", actual)}";
                Assert.True(actual.Count == Math.Min(limit, expected.Count) && actual.Distinct().Count() == actual.Count && actual.All(expected.Contains), message);
                if (limit == int.MaxValue)
                {
                    Assert.True(expected.SequenceEqual(actual.Order(StringComparer.Ordinal)), message);
                }
            }
        }

        AssertIndexesEqualRebuilt(indexed);
        Assert.True(usedIndex > 400, $"only {usedIndex} of 1000 filters used an index");
    }

    [Fact]
    public void Candidates_LeaseQuery_UsesCompoundIndexInDueOrder()
    {
        var c = NewCollection(withIndexes: true);
        var now = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < 100; i++)
        {
            c.Insert(new BsonDocument { { "_id", i }, { "s", i % 2 == 0 ? "pending" : "done" }, { "due", now.AddSeconds(50 - i) } });
        }

        var spec = new BsonDocument { { "s", "pending" }, { "due", new BsonDocument("$lte", now) } };
        var candidates = IndexPlanner.Candidates(c, spec);
        var matched = DocumentMatcher.Match(c, spec, QueryAdapter.ParseFilter(spec));

        Assert.NotNull(candidates);
        Assert.Equal(25, candidates.Count());
        // Pending rows due by now are _id 50, 52, ..., 98; the index yields them by due time (latest _id first).
        Assert.Equal(Enumerable.Range(0, 25).Select(i => 98 - i * 2), matched.Select(m => m.Value["_id"].AsInt32));
    }

    [Fact]
    public void Match_LimitOverLargeRange_ReadsOnlyUpToTheLimit()
    {
        var c = NewCollection(withIndexes: true);
        var now = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < 1000; i++)
        {
            c.Insert(new BsonDocument { { "_id", i }, { "s", "pending" }, { "due", now.AddSeconds(-i) } });
        }

        var spec = new BsonDocument { { "s", "pending" }, { "due", new BsonDocument("$lte", now) } };
        var examined = 0;
        var filter = QueryAdapter.ParseFilter(spec);
        var counting = IndexPlanner.Candidates(c, spec)!.Select(id => { examined++; return id; }).Take(5).ToList();
        var matched = DocumentMatcher.Match(c, spec, filter, 5);

        Assert.Equal(5, examined);
        Assert.Equal([999, 998, 997, 996, 995], matched.Select(m => m.Value["_id"].AsInt32));
        Assert.Equal(counting, matched.Select(m => m.Key));
    }

    [Fact]
    public void Candidates_NullOrArrayOperand_FallsBackToScan()
    {
        var c = NewCollection(withIndexes: true);

        Assert.Null(IndexPlanner.Candidates(c, new BsonDocument("a", BsonNull.Value)));
        Assert.Null(IndexPlanner.Candidates(c, new BsonDocument("a", new BsonArray { 1, 2 })));
        Assert.Null(IndexPlanner.Candidates(c, new BsonDocument("a", new BsonDocument("$in", new BsonArray { 1, BsonNull.Value }))));
        Assert.Null(IndexPlanner.Candidates(c, new BsonDocument("$or", new BsonArray { new BsonDocument("a", 1) })));
        Assert.Null(IndexPlanner.Candidates(c, new BsonDocument(allowDuplicateNames: true) { { "a", 1 }, { "a", 2 } }));
        Assert.Null(IndexPlanner.Candidates(c, new BsonDocument("a", new BsonDocument(allowDuplicateNames: true) { { "$gt", 1 }, { "$gt", 5 } })));
    }

    private static CollectionState NewCollection(bool withIndexes)
    {
        var c = new CollectionState("db", "c", [], Guid.NewGuid());
        if (withIndexes)
        {
            foreach (var key in IndexKeys)
            {
                c.AddIndex(new IndexState(new BsonDocument { { "v", 2 }, { "key", key }, { "name", string.Join("_", key.Names) } }));
            }
        }

        return c;
    }

    private static void ApplyRandomWrites(Random random, CollectionState indexed, CollectionState plain)
    {
        for (var i = 0; i < 10; i++)
        {
            var ids = plain.Scan().Select(e => e.Value["_id"]).ToList();
            var op = ids.Count < 20 ? 0 : random.Next(4);
            if (op <= 1)
            {
                var doc = RandomDocument(random);
                indexed.Insert(doc);
                plain.Insert(doc);
            }
            else
            {
                var id = ids[random.Next(ids.Count)];
                Assert.True(indexed.TryFindById(id, out var irid, out _));
                Assert.True(plain.TryFindById(id, out var prid, out _));
                if (op == 2)
                {
                    // Half the replacements keep most fields (the update path that re-keys only changed indexes).
                    var replacement = random.Next(2) == 0 ? RandomDocument(random) : plain.Get(prid).DeepClone().AsBsonDocument;
                    if (replacement.Contains("_id"))
                    {
                        replacement[new[] { "z", "a", "b", "s" }[random.Next(4)]] = RandomValue(random, 1);
                    }

                    replacement["_id"] = id;
                    indexed.Replace(irid, replacement);
                    plain.Replace(prid, replacement);
                }
                else
                {
                    indexed.Delete(irid);
                    plain.Delete(prid);
                }
            }
        }
    }

    private static int _nextId;

    private static BsonDocument RandomDocument(Random random)
    {
        var doc = new BsonDocument("_id", Interlocked.Increment(ref _nextId));
        foreach (var field in new[] { "a", "b", "s", "due", "arr" })
        {
            if (random.Next(5) != 0)
            {
                doc[field] = RandomValue(random, depth: 0);
            }
        }

        if (random.Next(3) != 0)
        {
            doc["c"] = random.Next(3) == 0
                ? new BsonArray { new BsonDocument("x", RandomValue(random, 1)), new BsonDocument("x", RandomValue(random, 1)), 7 }
                : new BsonDocument("x", RandomValue(random, 1));
        }

        return doc;
    }

    private static BsonValue RandomValue(Random random, int depth) => random.Next(depth < 2 ? 14 : 11) switch
    {
        0 => random.Next(-2, 3),
        1 => (long)random.Next(-2, 3),
        2 => random.Next(-4, 5) / 2.0,
        3 => new BsonDecimal128(random.Next(-2, 3)),
        4 => new[] { "x", "y", "", "pending" }[random.Next(4)],
        5 => BsonNull.Value,
        6 => new BsonDateTime(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(random.Next(-2, 3))),
        7 => random.Next(2) == 0,
        8 => double.NaN,
        9 => new BsonDocument("x", random.Next(2)),
        10 => new BsonArray(),
        _ => new BsonArray(Enumerable.Range(0, random.Next(1, 4)).Select(_ => RandomValue(random, depth + 1))),
    };

    private static BsonValue RandomOperand(Random random) => random.Next(10) == 0 ? RandomValue(random, 0) : RandomValue(random, 2);

    private static BsonDocument RandomFilter(Random random)
    {
        var spec = new BsonDocument();
        var conjuncts = random.Next(1, 4);
        for (var i = 0; i < conjuncts; i++)
        {
            var field = new[] { "a", "b", "s", "due", "c.x", "arr.0", "arr" }[random.Next(7)];
            BsonValue predicate = random.Next(9) switch
            {
                0 => RandomOperand(random),
                1 => new BsonDocument("$eq", RandomOperand(random)),
                2 => new BsonDocument("$in", new BsonArray { RandomOperand(random), RandomOperand(random) }),
                3 => new BsonDocument(new[] { "$gt", "$gte", "$lt", "$lte" }[random.Next(4)], RandomOperand(random)),
                4 => new BsonDocument { { new[] { "$gt", "$gte" }[random.Next(2)], RandomOperand(random) }, { new[] { "$lt", "$lte" }[random.Next(2)], RandomOperand(random) } },
                5 => new BsonDocument { { "$gte", RandomOperand(random) }, { "$ne", RandomOperand(random) } },
                6 => new BsonDocument("$exists", random.Next(2) == 0),
                7 => new BsonDocument("$not", new BsonDocument("$gt", RandomOperand(random))),
                _ => RandomOperand(random),
            };
            if (spec.Contains(field))
            {
                spec = new BsonDocument("$and", new BsonArray { spec, new BsonDocument(field, predicate) });
            }
            else
            {
                spec[field] = predicate;
            }
        }

        return spec;
    }

    // Maintenance check: after inserts, replacements and deletes every index holds exactly what a fresh build would.
    private static void AssertIndexesEqualRebuilt(CollectionState c)
    {
        foreach (var index in c.Indexes.Where(i => i.Ordered is not null))
        {
            var rebuilt = new IndexState(index.Spec);
            foreach (var (recordId, doc) in c.Scan())
            {
                rebuilt.AddOrdered(doc, recordId);
            }

            Assert.Equal(rebuilt.Ordered!.Count, index.Ordered!.Count);
            Assert.True(rebuilt.Ordered.SetEquals(index.Ordered), $"index {index.Name} differs from a rebuild");
        }
    }
}
