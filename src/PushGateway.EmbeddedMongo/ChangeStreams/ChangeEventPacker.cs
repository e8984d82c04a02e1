using MongoDB.Bson;
using MongoDB.Bson.IO;
using MongoDB.Bson.Serialization;
using PushGateway.EmbeddedMongo.Wire;

namespace PushGateway.EmbeddedMongo.ChangeStreams;

/// <summary>
/// Packs retained change events into large shared byte chunks (their records as BSON) and reads them back. A packed
/// event costs the garbage collector nothing to trace: a burst of writes retains a few chunks instead of tens of
/// objects per event (event, documents, values) plus the old versions of documents its <c>fullDocument</c> shared.
/// Not thread-safe: callers hold <see cref="Storage.Store.Sync"/>.
/// </summary>
internal sealed class ChangeEventPacker
{
    // Below the large object heap's threshold: chunks are young objects that move with one copy, never traced inside.
    private const int ChunkSize = 64 * 1024;

    private readonly MemoryStream _scratch = new();
    private byte[] _chunk = [];
    private int _used;

    public PackedBytes Pack(ChangeEvent change)
    {
        var record = change.ToRecord(buildBody: false);
        if (!BsonReplyWriter.TryWrite(_scratch, 0, record))
        {
            _scratch.SetLength(0);
            _scratch.Position = 0;
            using var writer = new BsonBinaryWriter(_scratch);
            BsonSerializer.Serialize(writer, record);
        }

        var length = (int)_scratch.Length;
        var source = _scratch.GetBuffer().AsSpan(0, length);
        if (length > ChunkSize / 4)
        {
            return new PackedBytes(source.ToArray(), 0, length);
        }

        if (_chunk.Length - _used < length)
        {
            _chunk = new byte[ChunkSize];
            _used = 0;
        }

        source.CopyTo(_chunk.AsSpan(_used));
        var packed = new PackedBytes(_chunk, _used, length);
        _used += length;
        if (_scratch.Capacity > 4 * ChunkSize)
        {
            _scratch.SetLength(0);
            _scratch.Capacity = ChunkSize; // do not keep a buffer grown by one huge event
        }

        return packed;
    }

    public static ChangeEvent Unpack(in ChangeLogEntry entry)
    {
        var bytes = entry.Packed;
        if (!BsonFastReader.TryRead(bytes.Span, out var record))
        {
            using var stream = new MemoryStream(bytes.Chunk!, bytes.Offset, bytes.Length, writable: false);
            record = BsonSerializer.Deserialize<BsonDocument>(stream);
        }

        return ChangeEvent.FromRecord(record!, entry.WallTime);
    }
}
