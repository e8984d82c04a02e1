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
        var parser = new MqlParser(limits ?? QueryLimits.Default);
        var root = parser.Parse(filter);
        return root is null
            ? FilterParseResult.Failure(parser.Error!)
            : FilterParseResult.Success(new Filter(root));
    }

    /// <summary>Parses JSON text (relaxed or canonical Extended JSON v2, or shell syntax such as <c>/re/i</c>) and then the filter.</summary>
    public static FilterParseResult ParseJson(string json, QueryLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (!JsonDocumentReader.TryRead(json, out var document, out var error))
        {
            return FilterParseResult.Failure(error!);
        }

        return Parse(document!, limits);
    }
}
