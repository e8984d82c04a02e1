using MongoDB.Bson;

namespace PushGateway.Query.Evaluation;

/// <summary>Collects every value a path walk offers instead of testing them; used for sort keys, index look-ups and <see cref="BsonPath"/>.</summary>
internal sealed class ValueCollector(ICollection<BsonValue> values, bool expandArrays) : ValuePredicate
{
    public bool SawMissing { get; private set; }

    /// <summary>Clears the collected values so the collector can be reused.</summary>
    public void Reset()
    {
        values.Clear();
        SawMissing = false;
    }

    public override bool ExpandArrays => expandArrays;

    public override bool MatchesMissing()
    {
        SawMissing = true;
        return false;
    }

    public override bool Matches(BsonValue value)
    {
        values.Add(value);
        return false;
    }
}
