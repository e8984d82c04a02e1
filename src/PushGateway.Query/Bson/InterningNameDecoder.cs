using System.Text;
using MongoDB.Bson.IO;

namespace PushGateway.Query.Bson;

/// <summary>
/// Decodes element names as the driver's own decoder does, but returns the same string instance for a name seen
/// before: requests and change events repeat the same few names (<c>q</c>, <c>u</c>, <c>$set</c>,
/// <c>operationType</c>, the documents' field names) in every statement or event, and a new string per name was a large
/// share of what decoding them allocated. Shared by the embedded server's request reader and the gateway's change-stream
/// decoding (<see cref="BsonDocumentDecoder"/>).
/// </summary>
/// <remarks>
/// A fixed table of short ASCII names indexed by a hash of their bytes. Lock-free: a slot holds a string reference
/// (written atomically) and a hit is confirmed by comparing bytes, so a racing write can only cost a miss.
/// </remarks>
public sealed class InterningNameDecoder : INameDecoder
{
    private const int MaxLength = 32;
    private const int Slots = 1024;
    private readonly string?[] _names = new string?[Slots];

    public static InterningNameDecoder Instance { get; } = new();

    /// <summary>
    /// A second table for short string values: the embedded server's stored documents repeat the same few (states,
    /// subscription and tenant ids, namespaces, event types) in every row, and each row kept its own copies.
    /// </summary>
    public static InterningNameDecoder Values { get; } = new();

    /// <summary>Strings up to this many bytes are looked up; longer ones are decoded as they are.</summary>
    public const int MaxInternedLength = MaxLength;

    public string Decode(BsonStream stream, UTF8Encoding encoding) => Decode(stream.ReadCStringBytes().AsSpan(), encoding);

    /// <summary>Decodes a name's bytes (without the terminating zero) strictly, as the driver's reader does.</summary>
    public string Decode(ReadOnlySpan<byte> span) => Decode(span, Utf8Encodings.Strict);

    private string Decode(ReadOnlySpan<byte> span, UTF8Encoding encoding)
    {
        if (span.Length == 0 || span.Length > MaxLength)
        {
            return encoding.GetString(span);
        }

        var hash = 5381u;
        foreach (var b in span)
        {
            hash = (hash * 33) ^ b;
        }

        ref var slot = ref _names[hash & (Slots - 1)];
        var cached = slot;
        if (cached is not null && SameAscii(span, cached))
        {
            return cached;
        }

        // Strict decoding (invalid UTF-8 fails as it does in the driver's decoder); only ASCII names are kept.
        var name = encoding.GetString(span);
        if (Ascii.IsValid(span))
        {
            slot = name;
        }

        return name;
    }

    public void Inform(string name)
    {
        // Nothing to learn: every name is looked up the same way.
    }

    private static bool SameAscii(ReadOnlySpan<byte> bytes, string name)
    {
        if (bytes.Length != name.Length)
        {
            return false;
        }

        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] != name[i])
            {
                return false;
            }
        }

        return true;
    }
}
