using MongoDB.Bson;

namespace PushGateway.Query.Tests;

internal static class TestJson
{
    public static BsonDocument Doc(string json) => BsonDocument.Parse(json);

    public static Filter MqlOf(string json)
    {
        var result = MqlFilter.ParseJson(json);
        Assert.True(result.IsSuccess, result.Error?.Message);
        return result.Filter!;
    }

    public static QueryError MqlErrorOf(string json)
    {
        var result = MqlFilter.ParseJson(json);
        Assert.False(result.IsSuccess, "expected a parse error for " + json);
        Assert.Null(result.Filter);
        return result.Error!;
    }
}
