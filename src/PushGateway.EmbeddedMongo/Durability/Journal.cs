using System.Buffers.Binary;
using MongoDB.Bson;
using MongoDB.Bson.IO;
using MongoDB.Bson.Serialization;

namespace PushGateway.EmbeddedMongo.Durability;

/// <summary>
/// Append-only file of change records (each a BSON document, which carries its own length).
/// <see cref="Commit"/> flushes to the device before a write is acknowledged; a torn tail left by a
/// crash is detected on load and cut off.
/// </summary>
internal sealed class Journal : IDisposable
{
    private readonly FileStream _stream;
    private bool _dirty;

    public Journal(string path)
    {
        Path = path;
        _stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 1 << 16);
        _stream.Seek(0, SeekOrigin.End);
    }

    public string Path { get; }

    public long Length => _stream.Length;

    /// <summary>Reads every complete record and truncates a torn tail.</summary>
    public static List<BsonDocument> Load(string path)
    {
        var records = new List<BsonDocument>();
        if (!File.Exists(path))
        {
            return records;
        }

        var bytes = File.ReadAllBytes(path);
        var pos = 0;
        while (pos + 4 <= bytes.Length)
        {
            var size = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(pos));
            if (size < 5 || pos + size > bytes.Length || bytes[pos + size - 1] != 0)
            {
                break;
            }

            try
            {
                using var stream = new MemoryStream(bytes, pos, size, writable: false);
                using var reader = new BsonBinaryReader(stream);
                records.Add(BsonSerializer.Deserialize<BsonDocument>(reader));
            }
            catch (FormatException)
            {
                break;
            }

            pos += size;
        }

        if (pos < bytes.Length)
        {
            using var truncate = new FileStream(path, FileMode.Open, FileAccess.Write);
            truncate.SetLength(pos);
        }

        return records;
    }

    public void Append(BsonDocument record)
    {
        var bytes = record.ToBson();
        _stream.Write(bytes);
        _dirty = true;
    }

    /// <summary>Makes every appended record durable (fsync).</summary>
    public void Commit()
    {
        if (_dirty)
        {
            _stream.Flush(flushToDisk: true);
            _dirty = false;
        }
    }

    /// <summary>Empties the journal once a snapshot holds everything it recorded.</summary>
    public void Reset()
    {
        _stream.SetLength(0);
        _stream.Flush(flushToDisk: true);
        _dirty = false;
    }

    public void Dispose()
    {
        Commit();
        _stream.Dispose();
    }
}
