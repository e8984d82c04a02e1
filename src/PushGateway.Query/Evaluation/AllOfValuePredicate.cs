using MongoDB.Bson;

namespace PushGateway.Query.Evaluation;

/// <summary>Every predicate holds for the same single value (inside <c>$elemMatch</c> and <c>$not</c> in element context).</summary>
internal sealed class AllOfValuePredicate(ValuePredicate[] predicates) : ValuePredicate
{
    public override bool Matches(BsonValue value)
    {
        foreach (var predicate in predicates)
        {
            if (!predicate.Matches(value))
            {
                return false;
            }
        }

        return true;
    }
}
