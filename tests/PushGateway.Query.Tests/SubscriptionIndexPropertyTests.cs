using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MongoDB.Bson;

namespace PushGateway.Query.Tests;

/// <summary>
/// Property: for random filters (indexable and not, with shared and overlapping conditions), random
/// removals and random events, <see cref="SubscriptionIndex{TId}.Match"/> returns exactly the ids
/// whose filter matches when every filter is evaluated in turn.
/// </summary>
public class SubscriptionIndexPropertyTests
{
    private static readonly string[] Values =
        ["1", "2", "1.0", "NumberLong(2)", "NumberDecimal('1')", "'a'", "'b'", "null", "true", "[1, 2]", "['a']", "{x: 1}"];

    private static readonly string[] Paths = ["a", "b", "a.x", "ns.coll", "arr", "arr.x", "arr.0"];

    private static Gen<string> Value => Gen.Elements(Values);

    private static Gen<string> Path => Gen.Elements(Paths);

    private static Gen<string> Leaf =>
        from path in Path
        from v1 in Value
        from v2 in Value
        from kind in Gen.Choose(0, 13)
        select kind switch
        {
            0 or 1 => $"{{'{path}': {v1}}}",
            2 => $"{{'{path}': {{$in: [{v1}, {v2}]}}}}",
            3 => $"{{'{path}': {{$ne: {v1}}}}}",
            4 => $"{{'{path}': {{$gt: {v1}}}}}",
            5 => $"{{'{path}': {{$exists: {(v1.Length % 2 == 0 ? "true" : "false")}}}}}",
            6 => $"{{'{path}': {{$nin: [{v1}]}}}}",
            7 => $"{{'{path}': /^a/}}",
            8 => $"{{'{path}': {{$in: [{v1}, /^b/]}}}}",
            9 => $"{{'{path}': {{$all: [{v1}, {v2}]}}}}",
            10 => $"{{'{path}': {{$elemMatch: {{$eq: {v1}}}}}}}",
            11 => $"{{'{path}': {{$size: 2}}}}",
            12 => $"{{'{path}': {{$type: 'string'}}}}",
            _ => $"{{'{path}': {{$not: {{$in: [{v1}, {v2}]}}}}}}",
        };

    private static Gen<string> FilterJson =>
        from count in Gen.Choose(1, 3)
        from leaves in Gen.ArrayOf(Leaf, count)
        from withOr in Gen.Choose(0, 3)
        from orLeaves in Gen.ArrayOf(Leaf, 2)
        select withOr == 0
            ? $"{{$and: [{string.Join(", ", leaves)}, {{$or: [{string.Join(", ", orLeaves)}]}}]}}"
            : $"{{$and: [{string.Join(", ", leaves)}]}}";

    private static Gen<string> Field(string name) =>
        from present in Gen.Choose(0, 3)
        from value in Value
        select present == 0 ? string.Empty : $"{name}: {value}, ";

    private static Gen<string> EventJson =>
        from a in Gen.OneOf(Field("a"), Gen.Elements("a: {x: 1}, ", "a: [{x: 2}, {x: 'a'}], ", "a: {x: [1, 2]}, "))
        from b in Field("b")
        from coll in Gen.Elements(string.Empty, "ns: {coll: 'a'}, ", "ns: {coll: 1}, ", "ns: {coll: ['b', 2]}, ")
        from arr in Gen.Elements(string.Empty, "arr: [], ", "arr: [1, 2], ", "arr: [{x: 1}, {x: 'b'}], ", "arr: [[1, 2], 'a'], ", "arr: [null], ")
        select "{" + a + b + coll + arr + "_id: 0}";

    private static Gen<Scenario> Scenarios =>
        from filterCount in Gen.Choose(1, 40)
        from filters in Gen.ArrayOf(FilterJson, filterCount)
        from duplicates in Gen.ArrayOf(Gen.Choose(0, filterCount - 1), filterCount / 3)
        from removals in Gen.ArrayOf(Gen.Choose(0, filterCount + (filterCount / 3) - 1), filterCount / 4)
        from events in Gen.ArrayOf(EventJson, 8)
        select new Scenario(filters, duplicates, removals, events);

    [Property(MaxTest = 150)]
    public Property Match_RandomFiltersAndEvents_EqualsLinearEvaluation()
    {
        return Prop.ForAll(Scenarios.ToArbitrary(), scenario =>
        {
            var registered = new Dictionary<int, Filter>();
            using var index = new SubscriptionIndex<int>();
            var id = 0;
            foreach (var json in scenario.Filters)
            {
                var filter = MqlFilter.ParseJson(json).Filter!;
                index.Add(id, filter);
                registered[id++] = filter;
            }

            // Re-register some filters under new ids (shared canonical entries).
            foreach (var duplicate in scenario.Duplicates)
            {
                index.Add(id, registered[duplicate]);
                registered[id++] = registered[duplicate];
            }

            foreach (var removal in scenario.Removals)
            {
                Assert.Equal(registered.Remove(removal), index.Remove(removal));
            }

            foreach (var eventJson in scenario.Events)
            {
                var document = BsonDocument.Parse(eventJson);
                var indexed = new List<int>();
                index.Match(document, indexed);
                indexed.Sort();
                var linear = registered.Where(r => r.Value.Matches(document)).Select(r => r.Key).Order().ToList();
                if (!indexed.SequenceEqual(linear))
                {
                    return false.Label($"event {eventJson}: index [{string.Join(",", indexed)}] linear [{string.Join(",", linear)}]");
                }
            }

            return true.ToProperty();
        });
    }

    public sealed record Scenario(string[] Filters, int[] Duplicates, int[] Removals, string[] Events)
    {
        public override string ToString() =>
            $"filters: {string.Join(" | ", Filters)}; duplicates: {string.Join(",", Duplicates)}; removals: {string.Join(",", Removals)}; events: {string.Join(" | ", Events)}";
    }
}
