using MongoDB.Bson;
using MongoDB.Bson.IO;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Serializers;

namespace PushGateway.ChangeStreams;

/// <summary>
/// Reads raw change events into the same <see cref="BsonDocument"/> trees as <see cref="BsonDocumentSerializer"/> (same
/// elements, order, types and values; duplicate names treated the same), with element names decoded through an
/// <see cref="ElementNameCache"/>: every event repeats the same field names, and the default serializer allocated a new
/// string for each of them in every event. Writing is the default serializer's.
/// </summary>
internal sealed class ChangeEventSerializer : SerializerBase<BsonDocument>
{
    private readonly ElementNameCache _names = new();

    public override BsonDocument Deserialize(BsonDeserializationContext context, BsonDeserializationArgs args)
    {
        var reader = context.Reader;
        if (reader.GetCurrentBsonType() != BsonType.Document)
        {
            // Not a document: whatever the default serializer makes of it (its own error included).
            return BsonDocumentSerializer.Instance.Deserialize(context, args);
        }

        return ReadDocument(context);
    }

    public override void Serialize(BsonSerializationContext context, BsonSerializationArgs args, BsonDocument value) =>
        BsonDocumentSerializer.Instance.Serialize(context, args, value);

    private BsonDocument ReadDocument(BsonDeserializationContext context)
    {
        var reader = context.Reader;
        reader.ReadStartDocument();
        var document = new BsonDocument(context.AllowDuplicateElementNames);
        while (reader.ReadBsonType() != BsonType.EndOfDocument)
        {
            var name = reader.ReadName(_names);
            document.Add(name, ReadValue(context));
        }

        reader.ReadEndDocument();
        return document;
    }

    private BsonArray ReadArray(BsonDeserializationContext context)
    {
        var reader = context.Reader;
        reader.ReadStartArray();
        var array = new BsonArray();
        while (reader.ReadBsonType() != BsonType.EndOfDocument)
        {
            array.Add(ReadValue(context));
        }

        reader.ReadEndArray();
        return array;
    }

    private BsonValue ReadValue(BsonDeserializationContext context) =>
        context.Reader.GetCurrentBsonType() switch
        {
            BsonType.Document => ReadDocument(context),
            BsonType.Array => ReadArray(context),
            _ => BsonValueSerializer.Instance.Deserialize(context),
        };
}
