namespace PushGateway.EmbeddedMongo.ChangeStreams;

/// <summary>A slice of a shared byte chunk (no object of its own).</summary>
internal readonly record struct PackedBytes(byte[]? Chunk, int Offset, int Length)
{
    public ReadOnlySpan<byte> Span => Chunk.AsSpan(Offset, Length);
}
