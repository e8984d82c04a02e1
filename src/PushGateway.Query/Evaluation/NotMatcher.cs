using MongoDB.Bson;

namespace PushGateway.Query.Evaluation;

internal sealed class NotMatcher(DocumentMatcher inner) : DocumentMatcher
{
    public override bool Matches(BsonDocument document) => !inner.Matches(document);
}
