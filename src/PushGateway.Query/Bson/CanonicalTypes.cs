using MongoDB.Bson;

namespace PushGateway.Query.Bson;

/// <summary>
/// MongoDB's canonical type classes (mongo's <c>canonicalizeBSONType</c>): values of different
/// classes never compare equal, and classes order values of different types. All numeric types
/// share one class; string and symbol share one class.
/// </summary>
internal static class CanonicalTypes
{
    public const int MinKey = -1;
    public const int Undefined = 0;
    public const int Null = 5;
    public const int Number = 10;
    public const int String = 15;
    public const int Document = 20;
    public const int Array = 25;
    public const int Binary = 30;
    public const int ObjectId = 35;
    public const int Boolean = 40;
    public const int DateTime = 45;
    public const int Timestamp = 47;
    public const int Regex = 50;
    public const int DbPointer = 55;
    public const int JavaScript = 60;
    public const int JavaScriptWithScope = 65;
    public const int MaxKey = 127;

    public static int Of(BsonValue value) => value.BsonType switch
    {
        BsonType.MinKey => MinKey,
        BsonType.Undefined => Undefined,
        BsonType.Null => Null,
        BsonType.Double or BsonType.Int32 or BsonType.Int64 or BsonType.Decimal128 => Number,
        BsonType.String or BsonType.Symbol => String,
        BsonType.Document => Document,
        BsonType.Array => Array,
        BsonType.Binary => Binary,
        BsonType.ObjectId => ObjectId,
        BsonType.Boolean => Boolean,
        BsonType.DateTime => DateTime,
        BsonType.Timestamp => Timestamp,
        BsonType.RegularExpression => Regex,
        BsonType.JavaScript => JavaScript,
        BsonType.JavaScriptWithScope => JavaScriptWithScope,
        BsonType.MaxKey => MaxKey,
        _ => DbPointer,
    };
}
