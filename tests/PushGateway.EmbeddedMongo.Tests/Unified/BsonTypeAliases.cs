using MongoDB.Bson;

namespace PushGateway.EmbeddedMongo.Tests.Unified;

/// <summary>The <c>$type</c> query operator's type aliases, as the <c>$$type</c> matching operator uses them.</summary>
internal static class BsonTypeAliases
{
    public static bool Matches(string alias, BsonValue value) => alias switch
    {
        "double" => value.BsonType == BsonType.Double,
        "string" => value.BsonType == BsonType.String,
        "object" => value.BsonType == BsonType.Document,
        "array" => value.BsonType == BsonType.Array,
        "binData" => value.BsonType == BsonType.Binary,
        "undefined" => value.BsonType == BsonType.Undefined,
        "objectId" => value.BsonType == BsonType.ObjectId,
        "bool" => value.BsonType == BsonType.Boolean,
        "date" => value.BsonType == BsonType.DateTime,
        "null" => value.BsonType == BsonType.Null,
        "regex" => value.BsonType == BsonType.RegularExpression,
        "dbPointer" => false,
        "javascript" => value.BsonType == BsonType.JavaScript,
        "symbol" => value.BsonType == BsonType.Symbol,
        "javascriptWithScope" => value.BsonType == BsonType.JavaScriptWithScope,
        "int" => value.BsonType == BsonType.Int32,
        "timestamp" => value.BsonType == BsonType.Timestamp,
        "long" => value.BsonType == BsonType.Int64,
        "decimal" => value.BsonType == BsonType.Decimal128,
        "minKey" => value.BsonType == BsonType.MinKey,
        "maxKey" => value.BsonType == BsonType.MaxKey,
        "number" => value.BsonType is BsonType.Int32 or BsonType.Int64 or BsonType.Double or BsonType.Decimal128,
        _ => throw new UnifiedRunnerException($"Unknown $$type alias '{alias}'"),
    };
}
