using MongoDB.Bson;

namespace PushGateway.EmbeddedMongo.Commands;

/// <summary>A reply to send, or the instruction to drop the connection without one.</summary>
internal readonly record struct CommandOutcome(BsonDocument? Reply, bool CloseConnection);
