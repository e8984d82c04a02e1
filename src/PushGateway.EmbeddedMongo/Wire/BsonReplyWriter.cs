using System.Buffers.Binary;
using System.Text;
using MongoDB.Bson;
using MongoDB.Bson.IO;

namespace PushGateway.EmbeddedMongo.Wire;

/// <summary>
/// Encodes a reply document straight into the connection's reply buffer, a switch per value instead of the driver's
/// serializer lookup, child context and writer state machine per value (7 % of the webhook path's CPU went there).
/// Writes the bytes the driver's <c>BsonSerializer.Serialize</c> writes; anything it does not handle exactly the same
/// way (a document type other than <see cref="BsonDocument"/>/<see cref="BsonArray"/>, old-style binary, a name or
/// regex holding a NUL, a document past the driver's size limit) makes <see cref="TryWrite"/> return false, and the
/// caller serialises the reply with the driver (which then writes it, or throws, as before).
/// </summary>
internal sealed class BsonReplyWriter
{
    private static readonly UTF8Encoding Strict = Utf8Encodings.Strict;
    private static readonly int MaxDocumentSize = BsonBinaryWriterSettings.Defaults.MaxDocumentSize;
    private static readonly string[] Indexes = Enumerable.Range(0, 1024).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    private readonly MemoryStream _target;
    private byte[] _buffer;
    private int _position;

    private BsonReplyWriter(MemoryStream target, int start)
    {
        _target = target;
        _buffer = target.GetBuffer();
        _position = start;
    }

    /// <summary>
    /// Writes <paramref name="document"/> at <paramref name="start"/> of <paramref name="target"/> (an expandable stream
    /// whose first <paramref name="start"/> bytes are kept), leaving its length and position at the end; false (target
    /// content undefined past <paramref name="start"/>) when the driver must write it.
    /// </summary>
    public static bool TryWrite(MemoryStream target, int start, BsonDocument document)
    {
        target.SetLength(start);
        target.Position = start;
        var writer = new BsonReplyWriter(target, start);
        if (!writer.WriteDocument(document) || writer._position - start > MaxDocumentSize)
        {
            return false;
        }

        writer.Commit();
        return true;
    }

    private bool WriteDocument(BsonDocument document)
    {
        if (document.GetType() != typeof(BsonDocument))
        {
            return false; // raw, lazy or wrapper documents: the driver's serializer knows them
        }

        var start = _position;
        Ensure(4);
        _position += 4;
        var count = document.ElementCount;
        for (var i = 0; i < count; i++)
        {
            var element = document.GetElement(i);
            if (!WriteElement(element.Name, element.Value))
            {
                return false;
            }
        }

        return End(start);
    }

    private bool WriteArray(BsonArray array)
    {
        if (array.GetType() != typeof(BsonArray))
        {
            return false;
        }

        var start = _position;
        Ensure(4);
        _position += 4;
        var count = array.Count;
        for (var i = 0; i < count; i++)
        {
            if (!WriteElement(i < Indexes.Length ? Indexes[i] : i.ToString(System.Globalization.CultureInfo.InvariantCulture), array[i]))
            {
                return false;
            }
        }

        return End(start);
    }

    private bool End(int start)
    {
        Ensure(1);
        _buffer[_position++] = 0;
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(start), _position - start);
        return true;
    }

    private bool WriteElement(string name, BsonValue value)
    {
        var typeAt = _position;
        Ensure(1);
        _position++;
        if (!WriteCString(name))
        {
            return false;
        }

        _buffer[typeAt] = (byte)value.BsonType;
        switch (value.BsonType)
        {
            case BsonType.Document:
                return WriteDocument((BsonDocument)value);
            case BsonType.Array:
                return WriteArray((BsonArray)value);
            case BsonType.String:
                WriteString(((BsonString)value).Value);
                return true;
            case BsonType.Int32:
                WriteInt32(((BsonInt32)value).Value);
                return true;
            case BsonType.Int64:
                WriteInt64(((BsonInt64)value).Value);
                return true;
            case BsonType.Double:
                WriteInt64(BitConverter.DoubleToInt64Bits(((BsonDouble)value).Value));
                return true;
            case BsonType.Boolean:
                Ensure(1);
                _buffer[_position++] = ((BsonBoolean)value).Value ? (byte)1 : (byte)0;
                return true;
            case BsonType.DateTime:
                WriteInt64(((BsonDateTime)value).MillisecondsSinceEpoch);
                return true;
            case BsonType.Timestamp:
                WriteInt64(((BsonTimestamp)value).Value);
                return true;
            case BsonType.ObjectId:
                Ensure(12);
                ((BsonObjectId)value).Value.ToByteArray(_buffer, _position);
                _position += 12;
                return true;
            case BsonType.Null or BsonType.Undefined or BsonType.MinKey or BsonType.MaxKey:
                return true;
            case BsonType.Binary:
                return WriteBinary((BsonBinaryData)value);
            case BsonType.Decimal128:
                var d = ((BsonDecimal128)value).Value;
                WriteInt64((long)d.GetIEEELowBits());
                WriteInt64((long)d.GetIEEEHighBits());
                return true;
            case BsonType.RegularExpression:
                var regex = (BsonRegularExpression)value;
                return WriteCString(regex.Pattern) && WriteCString(regex.Options);
            case BsonType.JavaScript:
                WriteString(((BsonJavaScript)value).Code);
                return true;
            case BsonType.Symbol:
                WriteString(((BsonSymbol)value).Name);
                return true;
            case BsonType.JavaScriptWithScope:
                var js = (BsonJavaScriptWithScope)value;
                var start = _position;
                Ensure(4);
                _position += 4;
                WriteString(js.Code);
                if (!WriteDocument(js.Scope))
                {
                    return false;
                }

                BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(start), _position - start);
                return true;
            default:
                return false;
        }
    }

    private bool WriteBinary(BsonBinaryData binary)
    {
        if ((int)binary.SubType == 2)
        {
            return false; // the driver's own rules for the old subtype apply
        }

        var bytes = binary.Bytes;
        Ensure(5 + bytes.Length);
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_position), bytes.Length);
        _buffer[_position + 4] = (byte)binary.SubType;
        _position += 5;
        bytes.CopyTo(_buffer, _position);
        _position += bytes.Length;
        return true;
    }

    private void WriteString(string value)
    {
        Ensure(5 + Strict.GetMaxByteCount(value.Length));
        var length = Strict.GetBytes(value, _buffer.AsSpan(_position + 4));
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_position), length + 1);
        _position += 4 + length;
        _buffer[_position++] = 0;
    }

    private bool WriteCString(string value)
    {
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            return false; // the driver refuses it with its own error
        }

        Ensure(1 + Strict.GetMaxByteCount(value.Length));
        _position += Strict.GetBytes(value, _buffer.AsSpan(_position));
        _buffer[_position++] = 0;
        return true;
    }

    private void WriteInt32(int value)
    {
        Ensure(4);
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_position), value);
        _position += 4;
    }

    private void WriteInt64(long value)
    {
        Ensure(8);
        BinaryPrimitives.WriteInt64LittleEndian(_buffer.AsSpan(_position), value);
        _position += 8;
    }

    private void Ensure(int count)
    {
        if (_position + count <= _buffer.Length)
        {
            return;
        }

        // Grow through the stream itself, so that it owns the buffer and copies the bytes written so far.
        Commit();
        _target.Capacity = Math.Max(_buffer.Length * 2, _position + count);
        _buffer = _target.GetBuffer();
    }

    /// <summary>
    /// Extends the stream's length over the bytes written since its end, by writing them onto themselves (SetLength
    /// would zero them); leaves its position at the end.
    /// </summary>
    private void Commit()
    {
        var committed = (int)_target.Length;
        _target.Position = committed;
        _target.Write(_buffer, committed, _position - committed);
    }
}
