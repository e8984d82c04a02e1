using MongoDB.Bson;

namespace PushGateway.EmbeddedMongo.Updates;

/// <summary>The document an update produced and its change event's <c>updateDescription</c> (null for a replacement).</summary>
internal sealed record AppliedUpdate(BsonDocument Document, BsonDocument? Description);
