using MongoDB.Bson;

namespace PushGateway.Query.Tests;

/// <summary>
/// Null and missing through arrays (mongod's observed behaviour, issue 11): only document elements of an array on the
/// path are traversed, and an empty array yields no value. IS NULL / IS NOT NULL, $in/$nin with null, and the
/// subscription index agree with the MQL forms and are exact complements.
/// </summary>
public class NullThroughArraysTests
{
    public static TheoryData<string, bool> Documents() => new()
    {
        { "{a: [{}]}", true },
        { "{a: [{}, {b: 5}]}", true },
        { "{a: []}", false },
        { "{a: [5, {b: 5}]}", false },
        { "{a: [[{}]]}", false },
        { "{a: [5, {b: null}]}", true },
        { "{a: 4}", true },
        { "{}", true },
        { "{a: {b: 1}}", false },
    };

    [Theory]
    [MemberData(nameof(Documents))]
    public void Matches_NullFormsAcrossDialects_AgreeAndComplement(string json, bool isNull)
    {
        var document = BsonDocument.Parse(json);

        Assert.Equal(isNull, FilterText.Parse("a.b IS NULL").Filter!.Matches(document));
        Assert.Equal(isNull, FilterText.Parse("""{"a.b": {"$in": [null, "zzz"]}}""").Filter!.Matches(document));
        Assert.Equal(!isNull, FilterText.Parse("a.b IS NOT NULL").Filter!.Matches(document));
        Assert.Equal(!isNull, FilterText.Parse("""{"a.b": {"$nin": [null]}}""").Filter!.Matches(document));
        Assert.Equal(!isNull, FilterText.Parse("NOT (a.b IS NULL OR x = 1)").Filter!.Matches(document));
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void SubscriptionIndex_NullFilters_AgreeWithLinearEvaluation(string json, bool isNull)
    {
        var document = BsonDocument.Parse(json);
        using var index = new SubscriptionIndex<int>();
        index.Add(1, FilterText.Parse("a.b IS NULL").Filter!);
        index.Add(2, FilterText.Parse("a.b IS NOT NULL").Filter!);
        index.Add(3, FilterText.Parse("""{"a.b": {"$in": [null, 5]}}""").Filter!);
        var matches = new List<int>();

        index.Match(document, matches);

        Assert.Equal(isNull, matches.Contains(1));
        Assert.Equal(!isNull, matches.Contains(2));
        Assert.Equal(FilterText.Parse("""{"a.b": {"$in": [null, 5]}}""").Filter!.Matches(document), matches.Contains(3));
    }
}
