using System.Buffers;
using MongoDB.Bson.IO;

namespace PushGateway.Webhooks.Delivery;

/// <summary>
/// Space for one batch of encoded delivery rows: 64 KiB chunks rented from <see cref="ArrayPool{T}.Shared"/> (below the
/// large-object heap), each row a slice of one, returned together once the batch has been written (the driver copies
/// the documents into its own message buffer). A batch of a thousand rows rented a thousand buffers before, more than
/// the pool keeps, so most were new 1 KiB arrays; now it rents a few chunks the pool does keep. A row larger than a
/// chunk gets a buffer of its own.
/// </summary>
internal sealed class EncodeArena : IDisposable
{
    private const int ChunkSize = 64 * 1024;
    private readonly List<byte[]> _rented = [];
    private byte[]? _chunk;
    private ByteArrayBuffer? _buffer;
    private int _used;

    /// <summary>The batch's writer: a row is written here, then copied into the arena (<see cref="BsonScratch.ToDocument(EncodeArena)"/>).</summary>
    public BsonScratch Scratch { get; } = new();

    /// <summary>Reserves <paramref name="size"/> zeroed bytes at <paramref name="offset"/> of <paramref name="array"/>.</summary>
    public void Reserve(int size, out byte[] array, out int offset)
    {
        if (size > ChunkSize)
        {
            array = Rent(size);
            offset = 0;
            _chunk = null;
        }
        else
        {
            if (_chunk is null || _used + size > ChunkSize)
            {
                _chunk = Rent(ChunkSize);
                _buffer = new ByteArrayBuffer(_chunk, ChunkSize, isReadOnly: true);
                _used = 0;
            }

            array = _chunk;
            offset = _used;
            _used += size;
        }

        array.AsSpan(offset, size).Clear();
    }

    /// <summary>The reserved bytes, once written, as a read-only buffer for a <c>RawBsonDocument</c>.</summary>
    public IByteBuffer Slice(byte[] array, int offset, int size) =>
        ReferenceEquals(array, _chunk)
            ? new ByteBufferSlice(_buffer!, offset, size)
            : new ByteArrayBuffer(array, size, isReadOnly: true);

    public void Dispose()
    {
        foreach (var array in _rented)
        {
            ArrayPool<byte>.Shared.Return(array);
        }

        _rented.Clear();
        _chunk = null;
        _buffer = null;
    }

    private byte[] Rent(int size)
    {
        var array = ArrayPool<byte>.Shared.Rent(size);
        _rented.Add(array);
        return array;
    }
}
