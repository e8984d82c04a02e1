using System.Buffers.Binary;
using System.Text;
using MongoDB.Bson;
using MongoDB.Bson.IO;

namespace PushGateway.Query.Bson;

/// <summary>
/// Reads a well-formed document of the common types straight from its bytes (no reader state machine, no
/// stream, no per-value calls through the driver). It accepts only what the driver's <see cref="BsonBinaryReader"/>
/// accepts and builds the same values: at anything else (a rare type, a size or terminator that does not add up,
/// invalid UTF-8, a boolean byte other than 0/1, a UUID of the wrong length, the old DateTime max value, a duplicate
/// name, deep nesting) <see cref="TryRead"/> returns false and the caller reads the document with
/// <see cref="BsonDocumentDecoder"/>, which then produces the driver's result or error, exactly as before. Used for the
/// embedded server's requests and the gateway's change events.
/// </summary>
public static class BsonFastReader
{
    private const int MaxDepth = 100;

    // BsonBinaryReader turns this value (DateTime.MaxValue + 1 ms, written by old drivers) into DateTime.MaxValue.
    private const long OldDateTimeMaxValue = 253402300800000;

    private static readonly int MaxDocumentSize = BsonBinaryReaderSettings.Defaults.MaxDocumentSize;

    /// <summary>Reads the document that is exactly <paramref name="bytes"/>; false when the driver must read it.</summary>
    public static bool TryRead(ReadOnlySpan<byte> bytes, out BsonDocument? document)
    {
        document = null;
        if (bytes.Length > MaxDocumentSize)
        {
            return false;
        }

        var position = 0;
        try
        {
            return TryReadDocument(bytes, ref position, 0, out document) && position == bytes.Length;
        }
        catch (Exception ex) when (ex is InvalidOperationException or DecoderFallbackException)
        {
            // A duplicate element name (BsonDocument.Add) or invalid UTF-8: the driver's path reports it, in its order
            // of checks.
            return false;
        }
    }

    private static bool TryReadDocument(ReadOnlySpan<byte> data, ref int position, int depth, out BsonDocument? document)
    {
        document = null;
        if (!TryOpen(data, ref position, depth, out var end))
        {
            return false;
        }

        var elements = default(ExactDocuments.Builder);
        while (true)
        {
            if (!TryNextElement(data, ref position, end, out var type, out var nameBytes))
            {
                return false;
            }

            if (type == 0)
            {
                break;
            }

            if (!TryName(nameBytes, out var name) || !TryReadValue(data, ref position, end, type, depth, out var value))
            {
                return false;
            }

            elements.Add(name, value!, allowDuplicateNames: false);
        }

        document = elements.ToDocument(allowDuplicateNames: false);
        return position == end;
    }

    private static bool TryReadArray(ReadOnlySpan<byte> data, ref int position, int depth, out BsonArray? array)
    {
        array = null;
        if (!TryOpen(data, ref position, depth, out var end))
        {
            return false;
        }

        var result = new BsonArray();
        while (true)
        {
            if (!TryNextElement(data, ref position, end, out var type, out var index))
            {
                return false;
            }

            if (type == 0)
            {
                break;
            }

            // The index names are not used; only ASCII ones are taken here so that no decoding rule can differ.
            if (!Ascii.IsValid(index) || !TryReadValue(data, ref position, end, type, depth, out var value))
            {
                return false;
            }

            result.Add(value);
        }

        array = result;
        return position == end;
    }

    // Reads the next element's type byte and name (up to its zero) within a document ending at end; type 0 is the
    // document's terminator (no name). False when the bytes run past the end.
    private static bool TryNextElement(ReadOnlySpan<byte> data, ref int position, int end, out byte type, out ReadOnlySpan<byte> name)
    {
        name = default;
        type = 0;
        if (position >= end)
        {
            return false;
        }

        type = data[position++];
        if (type == 0)
        {
            return true;
        }

        var nul = data[position..end].IndexOf((byte)0);
        if (nul < 0)
        {
            return false;
        }

        name = data.Slice(position, nul);
        position += nul + 1;
        return true;
    }

    // Reads a document's size and checks that it fits: the end is the position just past its terminating zero.
    private static bool TryOpen(ReadOnlySpan<byte> data, ref int position, int depth, out int end)
    {
        end = 0;
        if (depth > MaxDepth || data.Length - position < 5)
        {
            return false;
        }

        var size = BinaryPrimitives.ReadInt32LittleEndian(data[position..]);
        if (size < 5 || size > data.Length - position)
        {
            return false;
        }

        end = position + size;
        position += 4;
        return true;
    }

    private static bool TryReadValue(ReadOnlySpan<byte> data, ref int position, int end, byte type, int depth, out BsonValue? value)
    {
        value = null;
        var left = end - position;
        switch ((BsonType)type)
        {
            case BsonType.Document:
                var ok = TryReadDocument(data[..end], ref position, depth + 1, out var document);
                value = document;
                return ok;
            case BsonType.Array:
                ok = TryReadArray(data[..end], ref position, depth + 1, out var array);
                value = array;
                return ok;
            case BsonType.String:
                if (!TryString(data[..end], ref position, out var text))
                {
                    return false;
                }

                value = new BsonString(text);
                return true;
            case BsonType.Int32 when left >= 4:
                value = (BsonInt32)BinaryPrimitives.ReadInt32LittleEndian(data[position..]);
                position += 4;
                return true;
            case BsonType.Int64 when left >= 8:
                value = (BsonInt64)BinaryPrimitives.ReadInt64LittleEndian(data[position..]);
                position += 8;
                return true;
            case BsonType.Double when left >= 8:
                value = (BsonDouble)BinaryPrimitives.ReadDoubleLittleEndian(data[position..]);
                position += 8;
                return true;
            case BsonType.Boolean when left >= 1 && data[position] <= 1:
                value = (BsonBoolean)(data[position++] == 1);
                return true;
            case BsonType.DateTime when left >= 8:
                var milliseconds = BinaryPrimitives.ReadInt64LittleEndian(data[position..]);
                if (milliseconds == OldDateTimeMaxValue)
                {
                    return false;
                }

                value = new BsonDateTime(milliseconds);
                position += 8;
                return true;
            case BsonType.Timestamp when left >= 8:
                value = new BsonTimestamp(BinaryPrimitives.ReadInt64LittleEndian(data[position..]));
                position += 8;
                return true;
            case BsonType.ObjectId when left >= 12:
                value = new BsonObjectId(new ObjectId(data.Slice(position, 12).ToArray()));
                position += 12;
                return true;
            case BsonType.Null:
                value = BsonNull.Value;
                return true;
            case BsonType.Binary when left >= 5:
                var length = BinaryPrimitives.ReadInt32LittleEndian(data[position..]);
                var subType = data[position + 4];
                // Generic binary, and UUIDs of the right length; other subtypes have rules of their own in the driver.
                if (length < 0 || length > left - 5 || !(subType == 0 || (subType is 3 or 4 && length == 16)))
                {
                    return false;
                }

                value = new BsonBinaryData(data.Slice(position + 5, length).ToArray(), (BsonBinarySubType)subType);
                position += 5 + length;
                return true;
            default:
                return false;
        }
    }

    private static bool TryString(ReadOnlySpan<byte> data, ref int position, out string? text)
    {
        text = null;
        if (data.Length - position < 5)
        {
            return false;
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(data[position..]);
        if (length < 1 || length > data.Length - position - 4 || data[position + 4 + length - 1] != 0)
        {
            return false;
        }

        // Strict, as the driver decodes: invalid UTF-8 throws (caught in TryRead: the driver's path then reports it).
        // Short values repeat across documents (states, ids, namespaces): one shared instance each.
        var bytes = data.Slice(position + 4, length - 1);
        text = bytes.Length <= InterningNameDecoder.MaxInternedLength ? InterningNameDecoder.Values.Decode(bytes) : Utf8Encodings.Strict.GetString(bytes);
        position += 4 + length;
        return true;
    }

    private static bool TryName(ReadOnlySpan<byte> bytes, out string name)
    {
        name = InterningNameDecoder.Instance.Decode(bytes); // strict: invalid UTF-8 throws, as in TryString
        return true;
    }
}
