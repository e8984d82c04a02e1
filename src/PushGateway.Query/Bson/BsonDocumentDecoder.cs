using MongoDB.Bson;
using MongoDB.Bson.IO;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Serializers;

namespace PushGateway.Query.Bson;

/// <summary>
/// Reads a document into a <see cref="BsonDocument"/> with the driver's reader (which does every check of the bytes),
/// building the values directly instead of through a serializer and a child deserialization context per value, and
/// with interned element names (<see cref="InterningNameDecoder"/>) and exact element lists (<see cref="ExactDocuments"/>). Produces what
/// <c>BsonSerializer.Deserialize&lt;BsonDocument&gt;</c> produces; rare types are handed to the driver's serializer.
/// Used for the embedded server's requests and the gateway's change events.
/// </summary>
public static class BsonDocumentDecoder
{
    /// <param name="reader">Positioned at the document.</param>
    /// <param name="allowDuplicateNames">As the driver's deserialization context: false rejects a repeated name.</param>
    public static BsonDocument ReadDocument(IBsonReader reader, bool allowDuplicateNames = false)
    {
        reader.ReadStartDocument();
        var elements = default(ExactDocuments.Builder);
        while (reader.ReadBsonType() != BsonType.EndOfDocument)
        {
            var name = reader.ReadName(InterningNameDecoder.Instance);
            elements.Add(name, ReadValue(reader, allowDuplicateNames), allowDuplicateNames);
        }

        reader.ReadEndDocument();
        return elements.ToDocument(allowDuplicateNames);
    }

    private static BsonArray ReadArray(IBsonReader reader, bool allowDuplicateNames)
    {
        reader.ReadStartArray();
        var array = new BsonArray();
        while (reader.ReadBsonType() != BsonType.EndOfDocument)
        {
            array.Add(ReadValue(reader, allowDuplicateNames));
        }

        reader.ReadEndArray();
        return array;
    }

    private static BsonValue ReadValue(IBsonReader reader, bool allowDuplicateNames)
    {
        switch (reader.CurrentBsonType)
        {
            case BsonType.Document:
                return ReadDocument(reader, allowDuplicateNames);
            case BsonType.Array:
                return ReadArray(reader, allowDuplicateNames);
            case BsonType.String:
                return new BsonString(reader.ReadString());
            case BsonType.Int32:
                return (BsonInt32)reader.ReadInt32();
            case BsonType.Int64:
                return (BsonInt64)reader.ReadInt64();
            case BsonType.Double:
                return (BsonDouble)reader.ReadDouble();
            case BsonType.Boolean:
                return (BsonBoolean)reader.ReadBoolean();
            case BsonType.DateTime:
                return new BsonDateTime(reader.ReadDateTime());
            case BsonType.ObjectId:
                return new BsonObjectId(reader.ReadObjectId());
            case BsonType.Null:
                reader.ReadNull();
                return BsonNull.Value;
            case BsonType.Binary:
                return reader.ReadBinaryData();
            case BsonType.Timestamp:
                return new BsonTimestamp(reader.ReadTimestamp());
            default:
                // Decimal128, regexes, JavaScript, symbols, min/max keys, undefined, ...: exactly as the driver reads them.
                return BsonValueSerializer.Instance.Deserialize(BsonDeserializationContext.CreateRoot(reader));
        }
    }
}
