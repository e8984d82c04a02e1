using MongoDB.Bson;

namespace PushGateway.Query.Evaluation;

/// <summary>A compiled document-level condition. Immutable, so safe for concurrent use.</summary>
internal abstract class DocumentMatcher
{
    public abstract bool Matches(BsonDocument document);
}
