using MongoDB.Bson;

namespace PushGateway.Query.Evaluation;

/// <summary>
/// A condition on one value reached along a path (mongo's <c>matchesSingleElement</c>). The path
/// walk decides which values are offered: leaf arrays are offered element by element and whole
/// unless <see cref="ExpandArrays"/> is false; a path that ends nowhere asks <see cref="MatchesMissing"/>.
/// </summary>
internal abstract class ValuePredicate
{
    /// <summary>False for <c>$size</c> and <c>$elemMatch</c>, which look at a leaf array as a whole only.</summary>
    public virtual bool ExpandArrays => true;

    /// <summary>Whether a missing value satisfies the predicate (true for equality to null).</summary>
    public virtual bool MatchesMissing() => false;

    public abstract bool Matches(BsonValue value);
}
