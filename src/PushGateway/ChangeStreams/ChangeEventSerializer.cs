using System.Buffers.Binary;
using MongoDB.Bson;
using MongoDB.Bson.IO;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Serializers;
using PushGateway.Query.Bson;

namespace PushGateway.ChangeStreams;

/// <summary>
/// Reads raw change events into the same <see cref="BsonDocument"/> trees as <see cref="BsonDocumentSerializer"/> (same
/// elements, order, types and values; duplicate names treated the same), straight from their bytes where it can
/// (<see cref="BsonFastReader"/>), else through <see cref="BsonDocumentDecoder"/>: values built directly and element
/// names shared (<see cref="InterningNameDecoder"/>). Every event repeats the same field names,
/// and the default serializer allocated a new string for each of them in every event. Writing is the default serializer's.
/// </summary>
internal sealed class ChangeEventSerializer : SerializerBase<BsonDocument>
{
    public override BsonDocument Deserialize(BsonDeserializationContext context, BsonDeserializationArgs args)
    {
        if (context.Reader.GetCurrentBsonType() != BsonType.Document)
        {
            // Not a document: whatever the default serializer makes of it (its own error included).
            return BsonDocumentSerializer.Instance.Deserialize(context, args);
        }

        return TryReadFast(context, out var document) ? document! : BsonDocumentDecoder.ReadDocument(context.Reader, context.AllowDuplicateElementNames);
    }

    /// <summary>
    /// The event read from its bytes by <see cref="BsonFastReader"/> when the driver's reader sits on a contiguous
    /// buffer (a change-stream batch is one), the reader then moved past it as if it had read it; false leaves the
    /// reader where it was, for the driver's reader to go on.
    /// </summary>
    private static bool TryReadFast(BsonDeserializationContext context, out BsonDocument? document)
    {
        document = null;
        if (context.AllowDuplicateElementNames || context.Reader is not BsonBinaryReader { BsonStream: ByteBufferStream stream } reader)
        {
            return false;
        }

        var position = (int)stream.Position;
        if (stream.Length - position < 5)
        {
            return false;
        }

        var bytes = stream.Buffer.AccessBackingBytes(position);
        if (bytes.Count < 4)
        {
            return false;
        }

        var size = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(0, 4));
        if (size < 5 || size > bytes.Count || !BsonFastReader.TryRead(bytes.AsSpan(0, size), out document))
        {
            document = null;
            return false;
        }

        reader.SkipValue();
        return true;
    }

    public override void Serialize(BsonSerializationContext context, BsonSerializationArgs args, BsonDocument value) =>
        BsonDocumentSerializer.Instance.Serialize(context, args, value);
}
