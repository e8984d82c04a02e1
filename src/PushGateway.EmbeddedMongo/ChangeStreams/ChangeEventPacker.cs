using System.Buffers.Binary;
using System.Text;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using PushGateway.EmbeddedMongo.Wire;
using PushGateway.Query.Bson;

namespace PushGateway.EmbeddedMongo.ChangeStreams;

/// <summary>
/// Packs retained change events into large shared byte chunks and reads them back. A packed event costs the garbage
/// collector nothing to trace: a burst of writes retains a few chunks instead of tens of objects per event (event,
/// documents, values) plus the old versions of documents its <c>fullDocument</c> shared. Layout: sequence, cluster
/// time, wall time (ticks), flags, the collection UUID, operation type, database and collection names, then the event's
/// documents as BSON (its built body or its fields, the transaction's <c>lsid</c>/<c>txnNumber</c>, the images, the
/// replay data). An update's replay data (its whole new document) is left out: only a journal replay reads it, and the
/// journal wrote its own record when the event was committed. Not thread-safe: callers hold <see cref="Storage.Store.Sync"/>.
/// </summary>
internal sealed class ChangeEventPacker
{
    // Chunks hold no references and live as long as the log retains their events (far longer than a young GC), so they
    // are allocated on the pinned object heap: the collector never copies them (a young chunk was copied twice, into
    // gen1 and gen2, about 2 KB per webhook delivery) and frees them with the gen2 collection after the log trims them.
    private const int ChunkSize = 64 * 1024;

    private readonly MemoryStream _scratch = new();
    private byte[] _chunk = [];
    private int _used;

    [Flags]
    private enum Parts : ushort
    {
        Expanded = 1,
        Uuid = 2,
        Collection = 4,
        Body = 8,
        Fields = 16,
        Transaction = 32,
        PreImage = 64,
        PostImage = 128,
        Apply = 256,
    }

    public PackedBytes Pack(ChangeEvent change)
    {
        var body = change.BuiltBody;
        var apply = change.OperationType == "update" ? null : change.Apply;
        var parts = (change.Expanded ? Parts.Expanded : 0) | (change.CollectionUuid is null ? 0 : Parts.Uuid)
            | (change.Collection is null ? 0 : Parts.Collection) | (body is not null ? Parts.Body : change.Fields is not null ? Parts.Fields : 0)
            | (body is null && change.Transaction is not null ? Parts.Transaction : 0) | (change.PreImage is null ? 0 : Parts.PreImage)
            | (change.PostImage is null ? 0 : Parts.PostImage) | (apply is null ? 0 : Parts.Apply);
        _scratch.SetLength(0);
        Span<byte> header = stackalloc byte[26];
        BinaryPrimitives.WriteInt64LittleEndian(header, change.Seq);
        BinaryPrimitives.WriteInt64LittleEndian(header[8..], change.ClusterTime.Value);
        BinaryPrimitives.WriteInt64LittleEndian(header[16..], change.WallTime.Ticks);
        BinaryPrimitives.WriteUInt16LittleEndian(header[24..], (ushort)parts);
        _scratch.Write(header);
        if (change.CollectionUuid is { } uuid)
        {
            Span<byte> bytes = stackalloc byte[16];
            uuid.TryWriteBytes(bytes);
            _scratch.Write(bytes);
        }

        WriteString(change.OperationType);
        WriteString(change.Database);
        if (change.Collection is { } collection)
        {
            WriteString(collection);
        }

        WriteDocument(body ?? change.Fields);
        if ((parts & Parts.Transaction) != 0)
        {
            WriteDocument(new BsonDocument { { "lsid", change.Transaction!.Value.Lsid }, { "txnNumber", change.Transaction.Value.TxnNumber } });
        }

        WriteDocument(change.PreImage);
        WriteDocument(change.PostImage);
        WriteDocument(apply);
        return Store(_scratch.GetBuffer().AsSpan(0, (int)_scratch.Length));
    }

    public static ChangeEvent Unpack(in ChangeLogEntry entry)
    {
        var data = entry.Packed.Span;
        var parts = (Parts)BinaryPrimitives.ReadUInt16LittleEndian(data[24..]);
        var position = 26;
        Guid? uuid = null;
        if ((parts & Parts.Uuid) != 0)
        {
            uuid = new Guid(data.Slice(position, 16));
            position += 16;
        }

        var op = ReadString(data, ref position);
        var database = ReadString(data, ref position);
        var collection = (parts & Parts.Collection) != 0 ? ReadString(data, ref position) : null;
        var main = (parts & (Parts.Body | Parts.Fields)) != 0 ? ReadDocument(data, ref position) : null;
        var txn = (parts & Parts.Transaction) != 0 ? ReadDocument(data, ref position) : null;
        var pre = (parts & Parts.PreImage) != 0 ? ReadDocument(data, ref position) : null;
        var post = (parts & Parts.PostImage) != 0 ? ReadDocument(data, ref position) : null;
        var apply = (parts & Parts.Apply) != 0 ? ReadDocument(data, ref position) : null;
        return new ChangeEvent
        {
            Seq = BinaryPrimitives.ReadInt64LittleEndian(data),
            ClusterTime = new BsonTimestamp(BinaryPrimitives.ReadInt64LittleEndian(data[8..])),
            WallTime = new DateTime(BinaryPrimitives.ReadInt64LittleEndian(data[16..]), DateTimeKind.Utc),
            OperationType = op,
            Database = database,
            Collection = collection,
            CollectionUuid = uuid,
            Expanded = (parts & Parts.Expanded) != 0,
            Body = (parts & Parts.Body) != 0 ? main! : null!,
            Fields = (parts & Parts.Fields) != 0 ? main : null,
            Transaction = txn is null ? null : (txn["lsid"], txn["txnNumber"]),
            PreImage = pre,
            PostImage = post,
            Apply = apply,
        };
    }

    private PackedBytes Store(ReadOnlySpan<byte> source)
    {
        var length = source.Length;
        if (length > ChunkSize / 4)
        {
            return new PackedBytes(source.ToArray(), 0, length);
        }

        if (_chunk.Length - _used < length)
        {
            _chunk = GC.AllocateUninitializedArray<byte>(ChunkSize, pinned: true);
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

    private void WriteString(string value)
    {
        var bytes = Encoding.UTF8.GetByteCount(value);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, bytes);
        _scratch.Write(length);
        var start = (int)_scratch.Length;
        _scratch.SetLength(start + bytes);
        Encoding.UTF8.GetBytes(value, _scratch.GetBuffer().AsSpan(start, bytes));
        _scratch.Position = _scratch.Length;
    }

    private void WriteDocument(BsonDocument? document)
    {
        if (document is null)
        {
            return;
        }

        var start = (int)_scratch.Length;
        if (!BsonReplyWriter.TryWrite(_scratch, start, document))
        {
            _scratch.SetLength(start);
            _scratch.Position = start;
            _scratch.Write(document.ToBson());
        }
    }

    private static string ReadString(ReadOnlySpan<byte> data, ref int position)
    {
        var length = BinaryPrimitives.ReadInt32LittleEndian(data[position..]);
        var value = Encoding.UTF8.GetString(data.Slice(position + 4, length));
        position += 4 + length;
        return value;
    }

    private static BsonDocument ReadDocument(ReadOnlySpan<byte> data, ref int position)
    {
        var size = BinaryPrimitives.ReadInt32LittleEndian(data[position..]);
        var bytes = data.Slice(position, size);
        position += size;
        return BsonFastReader.TryRead(bytes, out var document) ? document! : BsonSerializer.Deserialize<BsonDocument>(bytes.ToArray());
    }
}
