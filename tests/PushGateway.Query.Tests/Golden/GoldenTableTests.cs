using System.Reflection;
using MongoDB.Bson;

namespace PushGateway.Query.Tests.Golden;

/// <summary>
/// The golden table (filters.jsonl): filter/document/expected-match cases from the MongoDB manual's
/// query examples and the edge cases of mongod's own null/array semantics tests.
/// </summary>
public class GoldenTableTests
{
    public static TheoryData<int, string> Cases()
    {
        var data = new TheoryData<int, string>();
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("filters.jsonl")
            ?? throw new InvalidOperationException("filters.jsonl is not embedded");
        using var reader = new StreamReader(stream);
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length > 0 && !line.StartsWith("//", StringComparison.Ordinal))
            {
                data.Add(lineNumber, line);
            }
        }

        return data;
    }

    [Fact]
    public void Cases_Count_IsAtLeast150()
    {
        Assert.True(Cases().Count >= 150);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_GoldenCase_ReturnsExpected(int line, string json)
    {
        var testCase = BsonDocument.Parse(json);
        var result = MqlFilter.Parse(testCase["f"].AsBsonDocument);
        Assert.True(result.IsSuccess, $"line {line}: {result.Error?.Message}");

        var matched = result.Filter!.Matches(testCase["d"].AsBsonDocument);

        Assert.True(testCase["m"].AsBoolean == matched, $"line {line} ({testCase["n"]}): expected {testCase["m"]}, got {matched}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ToBsonDocument_GoldenCase_ReparsesToSameResult(int line, string json)
    {
        var testCase = BsonDocument.Parse(json);
        var filter = MqlFilter.Parse(testCase["f"].AsBsonDocument).Filter!;

        var reparsed = MqlFilter.Parse(filter.ToBsonDocument());

        Assert.True(reparsed.IsSuccess, $"line {line}: {reparsed.Error?.Message}");
        Assert.Equal(filter.CanonicalKey, reparsed.Filter!.CanonicalKey);
        Assert.True(testCase["m"].AsBoolean == reparsed.Filter.Matches(testCase["d"].AsBsonDocument), $"line {line}");
    }
}
