using System.Buffers.Binary;
using System.Text;
using MongoDB.Bson;
using MongoDB.Bson.IO;

namespace PushGateway.Webhooks.Delivery;

/// <summary>
/// A reusable buffer that writes small BSON documents directly (element by element, as the driver serializes a
/// <see cref="BsonDocument"/>) and hands each one out as a <see cref="RawBsonDocument"/> over an exact-size copy. For the delivery hot path,
/// where building a <see cref="BsonDocument"/> tree per row cost about ten objects for a document of a hundred bytes.
/// Not thread-safe: one per batch. Element names must be ASCII (they are the rows' constant field names). Used for new
/// rows (<see cref="DeliveryRowBson"/>) and completions (<see cref="CompletionBson"/>).
/// </summary>
internal sealed class BsonScratch
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly Stack<int> _open = new();
    private byte[] _bytes = new byte[1024];
    private int _at;

    /// <summary>Starts a top-level document (the previous one must have been taken with <see cref="ToDocument()"/>).</summary>
    public void StartDocument()
    {
        _at = 0;
        _open.Clear();
        Open();
    }

    public void StartDocument(string name)
    {
        Name(BsonType.Document, name);
        Open();
    }

    public void StartArray(string name)
    {
        Name(BsonType.Array, name);
        Open();
    }

    /// <summary>Ends the innermost open document or array.</summary>
    public void End()
    {
        Ensure(1);
        _bytes[_at++] = 0;
        var start = _open.Pop();
        BinaryPrimitives.WriteInt32LittleEndian(_bytes.AsSpan(start), _at - start);
    }

    public void String(string name, string value)
    {
        var length = Strict.GetByteCount(value);
        Name(BsonType.String, name);
        Ensure(4 + length + 1);
        BinaryPrimitives.WriteInt32LittleEndian(_bytes.AsSpan(_at), length + 1);
        Strict.GetBytes(value, _bytes.AsSpan(_at + 4));
        _at += 4 + length;
        _bytes[_at++] = 0;
    }

    /// <summary>A string given as its UTF-8 bytes, copied as they are (for a body already encoded).</summary>
    public void Utf8String(string name, ReadOnlySpan<byte> utf8)
    {
        Name(BsonType.String, name);
        Ensure(4 + utf8.Length + 1);
        BinaryPrimitives.WriteInt32LittleEndian(_bytes.AsSpan(_at), utf8.Length + 1);
        utf8.CopyTo(_bytes.AsSpan(_at + 4));
        _at += 4 + utf8.Length;
        _bytes[_at++] = 0;
    }

    public void Int32(string name, int value)
    {
        Name(BsonType.Int32, name);
        Ensure(4);
        BinaryPrimitives.WriteInt32LittleEndian(_bytes.AsSpan(_at), value);
        _at += 4;
    }

    public void Double(string name, double value)
    {
        Name(BsonType.Double, name);
        Ensure(8);
        BinaryPrimitives.WriteDoubleLittleEndian(_bytes.AsSpan(_at), value);
        _at += 8;
    }

    /// <summary>A date as <see cref="BsonDateTime"/> stores it (UTC milliseconds since the epoch).</summary>
    public void Date(string name, DateTime value)
    {
        Name(BsonType.DateTime, name);
        Ensure(8);
        BinaryPrimitives.WriteInt64LittleEndian(_bytes.AsSpan(_at), BsonUtils.ToMillisecondsSinceEpoch(value));
        _at += 8;
    }

    public void Null(string name) => Name(BsonType.Null, name);

    /// <summary>The finished top-level document, over its own copy of the bytes (the buffer is reused).</summary>
    public RawBsonDocument ToDocument() => new(Finished().ToArray());

    /// <summary>The finished top-level document, copied into space of <paramref name="arena"/> (see <see cref="EncodeArena"/>).</summary>
    public RawBsonDocument ToDocument(EncodeArena arena)
    {
        var finished = Finished();
        arena.Reserve(finished.Length, out var bytes, out var offset);
        finished.CopyTo(bytes.AsSpan(offset));
        return new RawBsonDocument(arena.Slice(bytes, offset, finished.Length));
    }

    private ReadOnlySpan<byte> Finished() =>
        _open.Count == 0 ? _bytes.AsSpan(0, _at) : throw new InvalidOperationException("A document or array is still open.");

    private void Open()
    {
        Ensure(4);
        _open.Push(_at);
        _at += 4;
    }

    private void Name(BsonType type, string name)
    {
        Ensure(1 + name.Length + 1);
        _bytes[_at++] = (byte)type;
        _at += Encoding.ASCII.GetBytes(name, _bytes.AsSpan(_at));
        _bytes[_at++] = 0;
    }

    private void Ensure(int count)
    {
        if (_at + count > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _at + count));
        }
    }
}
