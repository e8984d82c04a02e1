using MongoDB.Bson;

namespace PushGateway.Query.Evaluation;

internal sealed class ExistsValuePredicate : ValuePredicate
{
    public static ExistsValuePredicate Instance { get; } = new();

    public override bool Matches(BsonValue value) => true;
}
