using MongoDB.Bson;

namespace PushGateway.EmbeddedMongo.Wire;

/// <summary>One decoded request: the command document with kind-1 sequences merged in as arrays.</summary>
internal sealed record WireRequest(int RequestId, OpCode OpCode, BsonDocument Command, bool MoreToCome, string? LegacyDatabase);
