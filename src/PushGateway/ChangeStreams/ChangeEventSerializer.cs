using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Serializers;
using PushGateway.Query.Bson;

namespace PushGateway.ChangeStreams;

/// <summary>
/// Reads raw change events into the same <see cref="BsonDocument"/> trees as <see cref="BsonDocumentSerializer"/> (same
/// elements, order, types and values; duplicate names treated the same), through <see cref="BsonDocumentDecoder"/>: values
/// built directly and element names shared (<see cref="InterningNameDecoder"/>). Every event repeats the same field names,
/// and the default serializer allocated a new string for each of them in every event. Writing is the default serializer's.
/// </summary>
internal sealed class ChangeEventSerializer : SerializerBase<BsonDocument>
{
    public override BsonDocument Deserialize(BsonDeserializationContext context, BsonDeserializationArgs args) =>
        context.Reader.GetCurrentBsonType() == BsonType.Document
            ? BsonDocumentDecoder.ReadDocument(context.Reader, context.AllowDuplicateElementNames)
            // Not a document: whatever the default serializer makes of it (its own error included).
            : BsonDocumentSerializer.Instance.Deserialize(context, args);

    public override void Serialize(BsonSerializationContext context, BsonSerializationArgs args, BsonDocument value) =>
        BsonDocumentSerializer.Instance.Serialize(context, args, value);
}
