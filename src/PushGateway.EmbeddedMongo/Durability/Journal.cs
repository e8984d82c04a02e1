using System.Buffers.Binary;
using MongoDB.Bson;
using MongoDB.Bson.IO;
using MongoDB.Bson.Serialization;

namespace PushGateway.EmbeddedMongo.Durability;

/// <summary>
/// Append-only file of change records (each a BSON document, which carries its own length).
/// <see cref="Append"/> only buffers (it runs under the store lock); <see cref="Commit"/> writes and
/// fsyncs everything appended so far before a write is acknowledged, outside the store lock, so
/// concurrent writers share one fsync (group commit). A torn tail left by a crash is cut off on load.
/// </summary>
internal sealed class Journal : IDisposable
{
    private readonly FileStream _stream;
    private readonly Lock _bufferLock = new();
    private readonly Lock _flushLock = new();
    private List<byte[]> _pending = [];
    private long _appended;
    private long _durable;
    private long _bytesSinceReset;

    public Journal(string path)
    {
        Path = path;
        _stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 1 << 16);
        _stream.Seek(0, SeekOrigin.End);
    }

    public string Path { get; }

    /// <summary>Bytes written since the last <see cref="Reset"/> (what a restart would replay).</summary>
    public long BytesSinceReset => Interlocked.Read(ref _bytesSinceReset);

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
        lock (_bufferLock)
        {
            _pending.Add(bytes);
            _appended++;
        }
    }

    /// <summary>Makes every record appended so far durable (write + fsync), sharing the fsync with concurrent callers.</summary>
    public void Commit()
    {
        long target;
        lock (_bufferLock)
        {
            target = _appended;
        }

        // Reads and already-durable writes never wait behind another caller's fsync.
        if (Volatile.Read(ref _durable) >= target)
        {
            return;
        }

        lock (_flushLock)
        {
            if (_durable >= target)
            {
                return;
            }

            List<byte[]> batch;
            long upTo;
            lock (_bufferLock)
            {
                batch = _pending;
                _pending = [];
                upTo = _appended;
            }

            foreach (var bytes in batch)
            {
                _stream.Write(bytes);
                Interlocked.Add(ref _bytesSinceReset, bytes.Length);
            }

            _stream.Flush(flushToDisk: true);
            Volatile.Write(ref _durable, upTo);
        }
    }

    /// <summary>Empties the journal once a snapshot holds everything it recorded.</summary>
    public void Reset()
    {
        lock (_flushLock)
        {
            lock (_bufferLock)
            {
                _pending = [];
                _durable = _appended;
            }

            _stream.SetLength(0);
            _stream.Flush(flushToDisk: true);
            Interlocked.Exchange(ref _bytesSinceReset, 0);
        }
    }

    public void Dispose()
    {
        Commit();
        _stream.Dispose();
    }
}
