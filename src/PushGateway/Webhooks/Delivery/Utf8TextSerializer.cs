using System.Text;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Serializers;

namespace PushGateway.Webhooks.Delivery;

/// <summary>UTF-8 bytes held in memory, stored as a BSON string (the body of a delivery row reads as text in MongoDB).</summary>
internal sealed class Utf8TextSerializer : SerializerBase<byte[]>
{
    public override byte[] Deserialize(BsonDeserializationContext context, BsonDeserializationArgs args) =>
        context.Reader.GetCurrentBsonType() == BsonType.Null
            ? ReadNull(context.Reader)
            : Encoding.UTF8.GetBytes(context.Reader.ReadString());

    public override void Serialize(BsonSerializationContext context, BsonSerializationArgs args, byte[] value) =>
        context.Writer.WriteString(Encoding.UTF8.GetString(value));

    private static byte[] ReadNull(MongoDB.Bson.IO.IBsonReader reader)
    {
        reader.ReadNull();
        return [];
    }
}
