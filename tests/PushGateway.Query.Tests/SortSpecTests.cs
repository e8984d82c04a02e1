using MongoDB.Bson;
using static PushGateway.Query.Tests.TestJson;

namespace PushGateway.Query.Tests;

public class SortSpecTests
{
    private static SortSpec Sort(string json)
    {
        Assert.True(SortSpec.TryParse(Doc(json), out var sort, out var error), error?.Message);
        return sort!;
    }

    private static int[] SortedIds(string spec, params string[] docs)
    {
        var sort = Sort(spec);
        return [.. docs.Select(Doc).OrderBy(d => d, sort).Select(d => d["_id"].AsInt32)];
    }

    [Fact]
    public void Compare_AscendingMixedTypes_UsesBsonOrder()
    {
        var ids = SortedIds("{a: 1}", "{_id: 1, a: 'x'}", "{_id: 2, a: 5}", "{_id: 3}", "{_id: 4, a: null}", "{_id: 5, a: 2.5}");

        Assert.Equal([3, 4, 5, 2, 1], ids);
    }

    [Fact]
    public void Compare_ArrayField_AscendingUsesMinimumDescendingUsesMaximum()
    {
        string[] docs = ["{_id: 1, a: [1, 10]}", "{_id: 2, a: [5]}", "{_id: 3, a: [3, 4]}"];

        Assert.Equal([1, 3, 2], SortedIds("{a: 1}", docs));
        Assert.Equal([1, 2, 3], SortedIds("{a: -1}", docs));
    }

    [Fact]
    public void Compare_EmptyArray_SortsBeforeNullAndMissing()
    {
        var ids = SortedIds("{a: 1}", "{_id: 1, a: null}", "{_id: 2, a: []}", "{_id: 3, a: 0}");

        Assert.Equal([2, 1, 3], ids);
    }

    [Fact]
    public void Compare_MongodSortaCase_MinKeyEmptyArrayNullMissingNumbersMaxKey()
    {
        // mongod jstests/core/query/sort/sorta.js: sort({a: 1, _id: 1}) returns the documents in _id order.
        string[] docs =
        [
            "{_id: 5, a: null}", "{_id: 8, a: MaxKey}", "{_id: 1, a: []}", "{_id: 7, a: [2]}", "{_id: 0, a: MinKey}",
            "{_id: 4}", "{_id: 2, a: []}", "{_id: 6, a: 1}", "{_id: 3, a: null}",
        ];

        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7, 8], SortedIds("{a: 1, _id: 1}", docs));
    }

    [Fact]
    public void Compare_MongodSortArraysCase_UsesMinimumElement()
    {
        // mongod jstests/aggregation/bugs/sort_arrays.js
        Assert.Equal([4, 2, 3], SortedIds("{a: 1}", "{_id: 2, a: [2, 3]}", "{_id: 3, a: [2, 4]}", "{_id: 4, a: [2, 1]}"));
    }

    [Fact]
    public void Compare_SecondKey_BreaksTies()
    {
        var ids = SortedIds("{a: 1, b: -1}", "{_id: 1, a: 1, b: 1}", "{_id: 2, a: 1, b: 2}", "{_id: 3, a: 0, b: 0}");

        Assert.Equal([3, 2, 1], ids);
    }

    [Fact]
    public void Compare_DottedPathThroughArray_UsesElementValues()
    {
        var ids = SortedIds("{'a.b': 1}", "{_id: 1, a: [{b: 5}, {b: 7}]}", "{_id: 2, a: [{b: 6}]}", "{_id: 3, a: {b: 1}}");

        Assert.Equal([3, 1, 2], ids);
    }

    [Fact]
    public void GetKey_CompareKeys_MatchesCompare()
    {
        var sort = Sort("{a: -1}");
        var x = Doc("{a: [1, 9]}");
        var y = Doc("{a: 5}");

        Assert.Equal(sort.Compare(x, y), sort.CompareKeys(sort.GetKey(x), sort.GetKey(y)));
        Assert.True(sort.Compare(x, y) < 0);
    }

    [Theory]
    [InlineData("{a: 2}")]
    [InlineData("{a: 'asc'}")]
    [InlineData("{a: {$meta: 'textScore'}}")]
    public void TryParse_InvalidDirection_ReturnsError(string json)
    {
        Assert.False(SortSpec.TryParse(Doc(json), out var sort, out var error));
        Assert.Null(sort);
        Assert.NotNull(error);
    }
}
