using MongoDB.Bson;

namespace PushGateway.Query.Evaluation;

internal sealed class TypeValuePredicate(IReadOnlySet<BsonType> types, bool number) : ValuePredicate
{
    public override bool Matches(BsonValue value) =>
        types.Contains(value.BsonType) || (number && BsonTypeNames.IsNumeric(value.BsonType));
}
