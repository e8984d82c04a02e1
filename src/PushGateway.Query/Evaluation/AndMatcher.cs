using MongoDB.Bson;

namespace PushGateway.Query.Evaluation;

internal sealed class AndMatcher(DocumentMatcher[] children) : DocumentMatcher
{
    public override bool Matches(BsonDocument document)
    {
        foreach (var child in children)
        {
            if (!child.Matches(document))
            {
                return false;
            }
        }

        return true;
    }
}
