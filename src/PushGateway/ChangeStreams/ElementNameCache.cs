using System.Text;
using MongoDB.Bson.IO;

namespace PushGateway.ChangeStreams;

/// <summary>
/// Decodes BSON element names through a small fixed-size cache of names already seen, so the same field names of every
/// change event (<c>_id</c>, <c>operationType</c>, <c>fullDocument</c> and the documents' own fields) are one shared
/// string each instead of a new one per event. A name that is not cached is decoded exactly as the driver decodes it
/// (the reader's strict UTF-8 encoding, which rejects invalid bytes) and then cached; a cached name is returned only for
/// the very same bytes. The cache holds at most <see cref="Slots"/> names of at most <see cref="MaxLength"/> bytes, so
/// documents with ever-new field names cost a lookup, never memory.
/// </summary>
internal sealed class ElementNameCache : INameDecoder
{
    private const int Slots = 1024;
    private const int MaxLength = 64;
    private readonly Entry?[] _entries = new Entry?[Slots];

    public string Decode(BsonStream stream, UTF8Encoding encoding)
    {
        var bytes = stream.ReadCStringBytes();
        var span = bytes.AsSpan();
        if (span.Length > MaxLength)
        {
            return Utf8Helper.DecodeUtf8String(bytes.Array, bytes.Offset, bytes.Count, encoding);
        }

        var slot = (int)(Hash(span) & (Slots - 1));
        var entry = Volatile.Read(ref _entries[slot]);
        if (entry is not null && span.SequenceEqual(entry.Utf8))
        {
            return entry.Name;
        }

        var name = Utf8Helper.DecodeUtf8String(bytes.Array, bytes.Offset, bytes.Count, encoding);
        Volatile.Write(ref _entries[slot], new Entry(span.ToArray(), name));
        return name;
    }

    public void Inform(string name)
    {
    }

    private static uint Hash(ReadOnlySpan<byte> bytes)
    {
        var hash = 2166136261u;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 16777619u;
        }

        return hash ^ (hash >> 15);
    }

    /// <summary>A cached name and its UTF-8 bytes (immutable, so a slot can be replaced by another thread at any time).</summary>
    private sealed record Entry(byte[] Utf8, string Name);
}
