using MongoDB.Bson;

namespace PushGateway.Query.Evaluation;

/// <summary><c>$elemMatch</c> value form: some element satisfies all operators by itself.</summary>
internal sealed class ElemMatchValueValuePredicate(ValuePredicate element) : ValuePredicate
{
    public override bool ExpandArrays => false;

    public override bool Matches(BsonValue value)
    {
        if (value is not BsonArray array)
        {
            return false;
        }

        WorkMeter.Charge(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            if (element.Matches(array[i]))
            {
                return true;
            }
        }

        return false;
    }
}
