using MongoDB.Bson;
using PushGateway.Query.Mql;

namespace PushGateway.Query;

/// <summary>Parses MongoDB query-language filters (a document, or JSON / Extended JSON v2 text).</summary>
public static class MqlFilter
{
    /// <summary>Parses and compiles an MQL filter document.</summary>
    public static FilterParseResult Parse(BsonDocument filter, QueryLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(filter);
        limits ??= QueryLimits.Default;
        if (BsonUtf16Check.Check(filter) is { } invalid)
        {
            return FilterParseResult.Failure(invalid);
        }

        var parser = new MqlParser(limits);
        var root = parser.Parse(filter);
        return root is null
            ? FilterParseResult.Failure(parser.Error!)
            : FilterParseResult.Success(new Filter(root, limits.MaxEvaluationWork), limits);
    }

    /// <summary>Parses JSON text (relaxed or canonical Extended JSON v2, or shell syntax such as <c>/re/i</c>) and then the filter.</summary>
    public static FilterParseResult ParseJson(string json, QueryLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (FilterTextGuard.Check(json, limits ?? QueryLimits.Default, json: true) is { } invalid)
        {
            return FilterParseResult.Failure(invalid);
        }

        if (!JsonDocumentReader.TryRead(json, out var document, out var error))
        {
            return FilterParseResult.Failure(error!);
        }

        return Parse(document!, limits);
    }
}
