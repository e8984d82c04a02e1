namespace PushGateway.EmbeddedMongo.ChangeStreams;

/// <summary>
/// One retained event of the <see cref="ChangeLog"/>: the event itself while it is recent, then (once packed) its record
/// as BSON bytes in a shared chunk, with only what trimming and ordering read kept as plain values.
/// </summary>
internal readonly record struct ChangeLogEntry(long Seq, long ClusterTime, DateTime WallTime, ChangeEvent? Live, PackedBytes Packed);
