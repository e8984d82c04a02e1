using System.Text;
using System.Text.Unicode;
using MongoDB.Bson;
using MongoDB.Bson.IO;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Serializers;

namespace PushGateway.Webhooks.Delivery;

/// <summary>UTF-8 bytes held in memory, stored as a BSON string (the body of a delivery row reads as text in MongoDB).</summary>
/// <remarks>
/// A row read back (a lease, a spilled batch) copies the string's UTF-8 bytes straight from the driver's buffer
/// instead of decoding them to a string and encoding that again: the same bytes, checked as strictly as the driver's
/// reader checks them (anything else goes through the driver's reader, with its error).
/// </remarks>
internal sealed class Utf8TextSerializer : SerializerBase<byte[]>
{
    public override byte[] Deserialize(BsonDeserializationContext context, BsonDeserializationArgs args)
    {
        var reader = context.Reader;
        var type = reader.GetCurrentBsonType();
        if (type == BsonType.Null)
        {
            reader.ReadNull();
            return [];
        }

        return type == BsonType.String && TryReadUtf8(reader, out var bytes) ? bytes : Encoding.UTF8.GetBytes(reader.ReadString());
    }

    public override void Serialize(BsonSerializationContext context, BsonSerializationArgs args, byte[] value) =>
        context.Writer.WriteString(Encoding.UTF8.GetString(value));

    private static bool TryReadUtf8(IBsonReader reader, out byte[] bytes)
    {
        bytes = [];
        if (reader is not BsonBinaryReader { BsonStream: { } stream } binary)
        {
            return false;
        }

        var start = stream.Position;
        var length = stream.ReadInt32(); // with the terminating zero
        if (length < 1 || length - 1 > stream.Length - stream.Position - 1)
        {
            stream.Position = start;
            return false;
        }

        var text = new byte[length - 1];
        stream.ReadBytes(text, 0, text.Length);
        var terminated = stream.ReadByte() == 0;
        stream.Position = start;
        if (!terminated || !Utf8.IsValid(text))
        {
            return false;
        }

        binary.SkipValue();
        bytes = text;
        return true;
    }
}
