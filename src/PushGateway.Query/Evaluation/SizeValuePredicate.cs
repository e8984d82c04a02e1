using MongoDB.Bson;

namespace PushGateway.Query.Evaluation;

internal sealed class SizeValuePredicate(int size) : ValuePredicate
{
    public override bool ExpandArrays => false;

    public override bool Matches(BsonValue value) => value is BsonArray array && array.Count == size;
}
