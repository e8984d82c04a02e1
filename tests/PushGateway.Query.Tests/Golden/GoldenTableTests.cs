using System.Reflection;
using MongoDB.Bson;

namespace PushGateway.Query.Tests.Golden;

/// <summary>
/// The golden tables (*.jsonl, embedded): filter/document/expected-match cases from the MongoDB
/// manual's query examples and the edge cases of the query semantics (filters.jsonl). Cases taken from
/// mongod's own (SSPL-licensed) jstests are deliberately not committed.
/// </summary>
public class GoldenTableTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        var assembly = Assembly.GetExecutingAssembly();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.EndsWith(".jsonl", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            var lineNumber = 0;
            while (reader.ReadLine() is { } line)
            {
                lineNumber++;
                if (line.Length > 0 && !line.StartsWith("//", StringComparison.Ordinal))
                {
                    data.Add($"{resource}:{lineNumber}", line);
                }
            }
        }

        return data;
    }

    [Fact]
    public void Cases_Count_IsAtLeast150()
    {
        Assert.True(Cases().Count(c => ((string)c[0]).StartsWith("filters.jsonl", StringComparison.Ordinal)) >= 150);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_GoldenCase_ReturnsExpected(string line, string json)
    {
        var testCase = BsonDocument.Parse(json);
        var result = MqlFilter.Parse(testCase["f"].AsBsonDocument);
        Assert.True(result.IsSuccess, $"line {line}: {result.Error?.Message}");

        var matched = result.Filter!.Matches(testCase["d"].AsBsonDocument);

        Assert.True(testCase["m"].AsBoolean == matched, $"line {line} ({testCase["n"]}): expected {testCase["m"]}, got {matched}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ToBsonDocument_GoldenCase_ReparsesToSameResult(string line, string json)
    {
        var testCase = BsonDocument.Parse(json);
        var filter = MqlFilter.Parse(testCase["f"].AsBsonDocument).Filter!;

        var reparsed = MqlFilter.Parse(filter.ToBsonDocument());

        Assert.True(reparsed.IsSuccess, $"line {line}: {reparsed.Error?.Message}");
        Assert.Equal(filter.CanonicalKey, reparsed.Filter!.CanonicalKey);
        Assert.True(testCase["m"].AsBoolean == reparsed.Filter.Matches(testCase["d"].AsBsonDocument), $"line {line}");
    }
}
