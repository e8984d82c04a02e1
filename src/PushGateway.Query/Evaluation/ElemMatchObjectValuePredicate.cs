using MongoDB.Bson;

namespace PushGateway.Query.Evaluation;

/// <summary>
/// <c>$elemMatch</c> object form: some element of the array matches the inner filter. Nested arrays
/// count as documents keyed "0", "1", ... as in MongoDB.
/// </summary>
internal sealed class ElemMatchObjectValuePredicate(DocumentMatcher inner) : ValuePredicate
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
            switch (array[i])
            {
                case BsonDocument document when inner.Matches(document):
                    return true;
                case BsonArray nested when inner.Matches(AsDocument(nested)):
                    return true;
            }
        }

        return false;
    }

    private static BsonDocument AsDocument(BsonArray array)
    {
        var document = new BsonDocument();
        for (var i = 0; i < array.Count; i++)
        {
            document.Add(i.ToString(System.Globalization.CultureInfo.InvariantCulture), array[i]);
        }

        return document;
    }
}
