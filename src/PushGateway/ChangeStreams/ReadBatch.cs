using MongoDB.Bson;

namespace PushGateway.ChangeStreams;

/// <summary>One batch read from a change stream, on its way to the durable stage: its events, how many raw documents it held, and the post-batch resume token.</summary>
internal sealed record ReadBatch(IReadOnlyList<ChangeEvent> Events, int Raw, BsonDocument? ResumeToken);
