using MongoDB.Bson;

namespace PushGateway.ChangeStreams;

/// <summary>Where a collection's stream resumes: a resume token, and the last event delivered before it (if any).</summary>
internal sealed record Checkpoint(BsonDocument ResumeToken, string? LastEventId);
