using System.Text;
using MongoDB.Bson;

namespace PushGateway.EmbeddedMongo.Storage;

/// <summary>
/// The size of a document's BSON encoding, computed from its elements without serialising it (the batch-size checks
/// of cursors and change streams run on every returned document).
/// </summary>
internal static class BsonSize
{
    public static int Of(BsonDocument document)
    {
        var size = 4 + 1; // length prefix, terminating zero
        foreach (var element in document)
        {
            size += 1 + CString(element.Name) + Of(element.Value);
        }

        return size;
    }

    private static int Of(BsonArray array)
    {
        var size = 4 + 1;
        for (var i = 0; i < array.Count; i++)
        {
            size += 1 + Digits(i) + 1 + Of(array[i]);
        }

        return size;
    }

    private static int Of(BsonValue value) => value.BsonType switch
    {
        BsonType.Double or BsonType.DateTime or BsonType.Timestamp or BsonType.Int64 => 8,
        BsonType.Int32 => 4,
        BsonType.Boolean => 1,
        BsonType.ObjectId => 12,
        BsonType.Decimal128 => 16,
        BsonType.String => String(value.AsString),
        BsonType.Symbol => String(value.AsBsonSymbol.Name),
        BsonType.JavaScript => String(value.AsBsonJavaScript.Code),
        BsonType.JavaScriptWithScope => 4 + String(value.AsBsonJavaScriptWithScope.Code) + Of(value.AsBsonJavaScriptWithScope.Scope),
        BsonType.Document => Of(value.AsBsonDocument),
        BsonType.Array => Of(value.AsBsonArray),
        BsonType.Binary => Binary(value.AsBsonBinaryData),
        BsonType.RegularExpression => CString(value.AsBsonRegularExpression.Pattern) + CString(value.AsBsonRegularExpression.Options),
        _ => 0, // null, undefined, MinKey, MaxKey
    };

    // Subtype 2 (the old binary format) repeats the length inside the payload.
    private static int Binary(BsonBinaryData binary) =>
        4 + 1 + binary.Bytes.Length + ((int)binary.SubType == 2 ? 4 : 0);

    private static int String(string value) => 4 + Encoding.UTF8.GetByteCount(value) + 1;

    private static int CString(string value) => Encoding.UTF8.GetByteCount(value) + 1;

    private static int Digits(int i) => i < 10 ? 1 : i < 100 ? 2 : i < 1000 ? 3 : i < 10000 ? 4 : i < 100000 ? 5 : i.ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
}
