using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace PushGateway.Query.Tests;

/// <summary>
/// The parsers are total: for any text — random characters, random JSON shapes with operators, deep nesting, lone
/// surrogates, huge numbers — they return a filter or a positioned error, never throw, and an error never echoes a
/// lone surrogate (a JSON response could not carry it).
/// </summary>
public class ParserFuzzTests
{
    private static readonly string[] Keys =
    [
        "a", "a.b", "fullDocument.status", "$and", "$or", "$nor", "$not", "$in", "$nin", "$regex", "$options", "$elemMatch",
        "$size", "$type", "$exists", "$mod", "$all", "$eq", "$gt", "$where", "$changed", "$comment", "\ud800", "", "a..b", "$date",
        "$numberLong", "$oid", "$binary", "$regularExpression",
    ];

    private static readonly string[] Scalars =
    [
        "1", "-0.5", "1e400", "123456789012345678901234567890", "null", "true", "\"x\"", "\"\\ud800\"", "\"\ud800\"", "\"(a)\\\\1\"",
        "\"^(a+)+$\"", "\"[\"", "\"i\"", "\"q\"", "{}", "[]", "/a/i", "NumberLong(\"9\")", "ObjectId(\"zz\")",
    ];

    private static readonly string[] SqlTokens =
    [
        "a", "fullDocument.x", "=", "!=", "<", "IN", "(", ")", ",", "'x'", "'\ud800'", "NOT", "AND", "OR", "LIKE", "'%'", "ESCAPE",
        "IS", "NULL", "BETWEEN", "1", "1e999", "DATE", "'2024-13-45'", "TIMESTAMP", "OID", "CHANGED", "EXISTS", "\"q\"", "`", "--",
        "\ud800", "[0]", ".", "'", "\\",
    ];

    private static Gen<string> Json(int depth) => depth <= 0
        ? Gen.Elements(Scalars)
        : Gen.OneOf(
            Gen.Elements(Scalars),
            Gen.ListOf(Json(depth - 1)).Select(items => "[" + string.Join(",", items.Take(4)) + "]"),
            Gen.ListOf(Gen.Elements(Keys).SelectMany(_ => Json(depth - 1), (k, v) => "\"" + k.Replace("\\", "\\\\", StringComparison.Ordinal) + "\":" + v))
                .Select(pairs => "{" + string.Join(",", pairs.Take(4)) + "}"));

    private static Gen<string> Text => Gen.OneOf(
        Json(4).Select(j => "{\"f\":" + j + "}"),
        Json(4),
        Gen.ListOf(Gen.Elements(SqlTokens)).Select(tokens => string.Join(" ", tokens)),
        ArbMap.Default.GeneratorFor<string>().Select(s => s ?? ""),
        Gen.Choose(1, 3000).Select(n => new string('[', n) + new string(']', n)),
        Gen.Choose(1, 300).Select(n => string.Concat(Enumerable.Repeat("{\"$and\":[", n)) + "{\"a\":1}" + string.Concat(Enumerable.Repeat("]}", n))),
        Gen.Choose(1, 3000).Select(n => new string('(', n) + "a = 1" + new string(')', n)),
        Gen.Choose(1, 20).Select(n => "{\"a\": " + new string('9', n * 100) + "}"));

    [Property(MaxTest = 1500)]
    public Property Parse_AnyText_ReturnsFilterOrPositionedErrorWithoutThrowing() => Prop.ForAll(Text.ToArbitrary(), text =>
    {
        foreach (var limits in new[] { QueryLimits.Default, QueryLimits.Untrusted })
        {
            var result = FilterText.Parse(text, limits);
            if (result.IsSuccess)
            {
                _ = result.Filter!.ToString();
                _ = result.Filter.CanonicalKey;
                Assert.True(Utf16Text.FindLoneSurrogate(result.Filter.ToString()) < 0);
            }
            else
            {
                Assert.False(string.IsNullOrEmpty(result.Error!.Message));
                Assert.True(Utf16Text.FindLoneSurrogate(result.Error.Message + result.Error.Excerpt + result.Error.Path) < 0, result.Error.Message);
            }
        }
    });

    [Theory]
    [InlineData(0, 1, 8)]
    [InlineData(1, 1, 7)]
    [InlineData(2, 1, 3)]
    public void Parse_LoneSurrogateInText_PositionedError(int sample, int line, int column)
    {
        // Built here: test-case arguments travel as UTF-8, which cannot carry a lone surrogate.
        var text = sample switch
        {
            0 => "{\"a\": \"" + '\ud800' + "\"}",
            1 => "a = 'x" + '\udc00' + "'",
            _ => "{\"" + '\ud800' + "\": 1}",
        };

        var error = FilterText.Parse(text).Error!;

        Assert.Equal(9, error.Code);
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Contains("lone UTF-16 surrogate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_EscapedLoneSurrogate_ErrorWithPath()
    {
        var error = FilterText.Parse("{\"fullDocument.name\": {\"$in\": [\"ok\", \"\\ud800\"]}}").Error!;

        Assert.Equal(2, error.Code);
        Assert.Equal("fullDocument.name.$in.1", error.Path);
    }

    [Fact]
    public void Parse_JsonNestedTooDeep_PositionedError()
    {
        var error = FilterText.Parse("{\"a\": " + new string('[', 300) + new string(']', 300) + "}").Error!;

        Assert.Contains("nested more than 256 levels", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void Parse_TextLongerThanLimit_Error()
    {
        var error = FilterText.Parse("a = '" + new string('x', 20_000) + "'").Error!;

        Assert.Contains("filter is too long", error.Message, StringComparison.Ordinal);
    }
}
