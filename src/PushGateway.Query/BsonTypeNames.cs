using MongoDB.Bson;

namespace PushGateway.Query;

/// <summary>
/// The type names and numbers MongoDB accepts in <c>$type</c> (and returns from the <c>$type</c>
/// aggregation operator): <c>"double"</c> = 1 ... <c>"decimal"</c> = 19, <c>"minKey"</c> = -1,
/// <c>"maxKey"</c> = 127, plus the <c>"number"</c> alias for every numeric type.
/// </summary>
public static class BsonTypeNames
{
    /// <summary>The alias that matches any numeric type (double, int, long, decimal).</summary>
    public const string NumberAlias = "number";

    private static readonly (string Name, int Number, BsonType Type)[] Table =
    [
        ("double", 1, BsonType.Double),
        ("string", 2, BsonType.String),
        ("object", 3, BsonType.Document),
        ("array", 4, BsonType.Array),
        ("binData", 5, BsonType.Binary),
        ("undefined", 6, BsonType.Undefined),
        ("objectId", 7, BsonType.ObjectId),
        ("bool", 8, BsonType.Boolean),
        ("date", 9, BsonType.DateTime),
        ("null", 10, BsonType.Null),
        ("regex", 11, BsonType.RegularExpression),
        ("dbPointer", 12, (BsonType)12),
        ("javascript", 13, BsonType.JavaScript),
        ("symbol", 14, BsonType.Symbol),
        ("javascriptWithScope", 15, BsonType.JavaScriptWithScope),
        ("int", 16, BsonType.Int32),
        ("timestamp", 17, BsonType.Timestamp),
        ("long", 18, BsonType.Int64),
        ("decimal", 19, BsonType.Decimal128),
        ("minKey", -1, BsonType.MinKey),
        ("maxKey", 127, BsonType.MaxKey),
    ];

    /// <summary>Maps a type alias (case-sensitive, as in MongoDB) to its BSON type; false for unknown names and for <c>"number"</c>.</summary>
    public static bool TryGetType(string name, out BsonType type)
    {
        foreach (var entry in Table)
        {
            if (string.Equals(entry.Name, name, StringComparison.Ordinal))
            {
                type = entry.Type;
                return true;
            }
        }

        type = default;
        return false;
    }

    /// <summary>Maps a <c>$type</c> number (-1 minKey, 1..19, 127 maxKey) to its BSON type.</summary>
    public static bool TryGetType(int number, out BsonType type)
    {
        foreach (var entry in Table)
        {
            if (entry.Number == number)
            {
                type = entry.Type;
                return true;
            }
        }

        type = default;
        return false;
    }

    /// <summary>The MongoDB alias of a BSON type, e.g. <c>"int"</c> for <see cref="BsonType.Int32"/>.</summary>
    public static string GetName(BsonType type)
    {
        foreach (var entry in Table)
        {
            if (entry.Type == type)
            {
                return entry.Name;
            }
        }

        return "missing";
    }

    /// <summary>The MongoDB type number of a BSON type (-1 for minKey).</summary>
    public static int GetNumber(BsonType type) => type == BsonType.MinKey ? -1 : (int)type;

    /// <summary>True for double, int, long and decimal: the types the <c>"number"</c> alias covers.</summary>
    public static bool IsNumeric(BsonType type) =>
        type is BsonType.Double or BsonType.Int32 or BsonType.Int64 or BsonType.Decimal128;
}
