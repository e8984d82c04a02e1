using System.Globalization;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;

namespace PushGateway.Tests.Fuzz;

/// <summary>
/// Generators of hostile JSON text for the fuzz tests: random shapes and wrong types for the known fields, unknown
/// fields, deep nesting, lone UTF-16 surrogates, control characters, huge values, broken syntax.
/// </summary>
internal static class FuzzJson
{
    /// <summary>String literals (JSON-escaped, with quotes) a careless or hostile client sends.</summary>
    private static readonly string[] Strings =
    [
        "\"\"", "\" \"", "\"a\"", "\"\\ud800\"", "\"x\\udfffy\"", "\"\\ud83d\\ude00\"", "\"\\u0000\"", "\"\\n\\r\\t\"",
        "\"https://example.com/hook\"", "\"http://127.0.0.1/x\"", "\"https://10.0.0.1/\"", "\"javascript:alert(1)\"",
        "\"{\\\"a\\\":\"", "\"{\\\"$where\\\":\\\"1\\\"}\"", "\"status = 'paid'\"", "\"a = = b\"", "\"fullDocument.total > 5\"",
        "\"2026-01-31T12:00:00Z\"", "\"yesterday\"", "\"-1\"", "\"NaN\"", "\"insert\"", "\"db.coll\"", "\"$gt\"", "\"a..b\"",
        "\"" + new string('x', 20_000) + "\"", "\"" + string.Concat(Enumerable.Repeat("\\ud800", 500)) + "\"",
    ];

    private static readonly string[] Numbers = ["0", "-1", "1", "1.5", "1e400", "-1e400", "9223372036854775808", "1e-400", "-0", "100000"];

    private static readonly string[] Keys =
    [
        "url", "description", "collections", "operationTypes", "filter", "fullDocument", "fields", "headers", "maxPerSecond",
        "ordered", "enabled", "tenantId", "event", "graceMinutes", "since", "collection", "resumeFrom", "", "$where", "__proto__",
        "\\ud800", "constructor", "URL",
    ];

    public static Gen<string> Scalar =>
        Gen.OneOf(
            Gen.Elements(Strings),
            Gen.Elements(Numbers),
            Gen.Elements("true", "false", "null"),
            Gen.Choose(-1000, 1000).Select(i => i.ToString(CultureInfo.InvariantCulture)));

    /// <summary>Any JSON value, up to <paramref name="depth"/> levels of arrays and objects.</summary>
    public static Gen<string> Value(int depth) =>
        depth <= 0
            ? Scalar
            : Gen.Frequency(
                (4, Scalar),
                (1, Gen.ListOf(Value(depth - 1)).Select(items => "[" + string.Join(",", items.Take(5)) + "]")),
                (1, Object(depth - 1)),
                (1, Deep));

    /// <summary>Nesting far past every limit (JSON 256, query 100), in arrays, objects or $and.</summary>
    public static Gen<string> Deep =>
        from levels in Gen.Elements(30, 99, 101, 200, 255, 257, 400)
        from kind in Gen.Choose(0, 2)
        select kind switch
        {
            0 => new string('[', levels) + new string(']', levels),
            1 => string.Concat(Enumerable.Repeat("{\"a\":", levels)) + "1" + new string('}', levels),
            _ => string.Concat(Enumerable.Repeat("{\"$and\":[", levels)) + "{\"a\":1}" + string.Concat(Enumerable.Repeat("]}", levels)),
        };

    public static Gen<string> Object(int depth) =>
        from count in Gen.Choose(0, 6)
        from keys in Gen.ArrayOf(Gen.Elements(Keys), count)
        from values in Gen.ArrayOf(Value(depth), count)
        select "{" + string.Join(",", keys.Zip(values, (k, v) => $"\"{k}\":{v}")) + "}";

    /// <summary>A request body: mostly objects with the known fields, sometimes another JSON value, sometimes broken JSON.</summary>
    public static Gen<string> Body =>
        Gen.Frequency(
            (6, Object(2)),
            (1, Value(2)),
            (1, Broken));

    /// <summary>Valid JSON cut short, or with garbage spliced in.</summary>
    public static Gen<string> Broken =>
        from json in Object(2)
        from cut in Gen.Choose(0, 100)
        from garbage in Gen.Elements("", "}", "]", ",", "\"", "\\", "\u0000", "\ud800", "NaN", "'", "/*", "{{")
        select json[..(json.Length * cut / 100)] + garbage;

    /// <summary>A query-string value: random text, numbers out of range, encoded surrogates and control characters.</summary>
    public static Gen<string> QueryValue =>
        Gen.Elements("", "abc", "-1", "0", "1", "201", "1.5", "1e9", "99999999999999999999", "%00", "%ED%A0%80", "%FF", "true", "null",
            "pending", "dead", "x%20y", new string('9', 5000), "2026-01-31T12:00:00Z", "%22%7B%7D%22");

    /// <summary>Nesting depth of a JSON text (0 for a scalar); null when it is not JSON.</summary>
    public static int? DepthOf(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 1024 });
            return Depth(document.RootElement);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            return null;
        }
    }

    private static int Depth(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => 1 + element.EnumerateObject().Select(p => Depth(p.Value)).DefaultIfEmpty(0).Max(),
        JsonValueKind.Array => 1 + element.EnumerateArray().Select(Depth).DefaultIfEmpty(0).Max(),
        _ => 0,
    };
}
