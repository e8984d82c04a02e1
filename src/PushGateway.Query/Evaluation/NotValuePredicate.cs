using MongoDB.Bson;

namespace PushGateway.Query.Evaluation;

/// <summary>Negation of a single-value predicate; only used inside <c>$elemMatch</c> value form.</summary>
internal sealed class NotValuePredicate(ValuePredicate inner) : ValuePredicate
{
    public override bool Matches(BsonValue value) => !inner.Matches(value);
}
