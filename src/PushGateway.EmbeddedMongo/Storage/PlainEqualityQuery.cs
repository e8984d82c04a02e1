using MongoDB.Bson;
using PushGateway.Query;

namespace PushGateway.EmbeddedMongo.Storage;

/// <summary>
/// A query that is only top-level equalities on plain scalars and includes <c>_id</c> (<c>{_id: x, leaseToken: t}</c>,
/// what a driver sends for every update by id): it is answered by the <c>_id</c> index and compared field by field
/// without parsing it into the query engine's filter, which cost more than the update itself. Whenever a stored value
/// makes the answer depend on MQL's finer rules (an array, a symbol), <see cref="Matches"/> says it cannot tell and
/// the caller asks the parsed filter.
/// </summary>
internal sealed class PlainEqualityQuery
{
    private readonly BsonDocument _spec;

    private PlainEqualityQuery(BsonDocument spec, BsonValue id)
    {
        _spec = spec;
        Id = id;
    }

    public BsonValue Id { get; }

    /// <summary>The query as a plain equality query, or null when it is anything else.</summary>
    public static PlainEqualityQuery? TryCreate(BsonDocument spec)
    {
        BsonValue? id = null;
        for (var i = 0; i < spec.ElementCount; i++)
        {
            var element = spec.GetElement(i);
            var name = element.Name;
            if (name.Length == 0 || name[0] == '$' || name.Contains('.', StringComparison.Ordinal) || !IsPlainScalar(element.Value))
            {
                return null;
            }

            if (name == "_id")
            {
                id = element.Value;
            }
        }

        return id is null ? null : new PlainEqualityQuery(spec, id);
    }

    /// <summary>Whether <paramref name="doc"/> matches; null when only the query engine can tell.</summary>
    public bool? Matches(BsonDocument doc)
    {
        for (var i = 0; i < _spec.ElementCount; i++)
        {
            var element = _spec.GetElement(i);
            if (!doc.TryGetValue(element.Name, out var stored))
            {
                return false; // the operand is never null, so a missing field does not match
            }

            var expected = element.Value;
            if (stored.BsonType == expected.BsonType || (stored.IsNumeric && expected.IsNumeric))
            {
                if (!BsonValueComparer.Instance.Equals(stored, expected))
                {
                    return false;
                }
            }
            else if (stored.BsonType is BsonType.Array or BsonType.Symbol)
            {
                return null; // an element of the array, or a symbol, may still equal it
            }
            else
            {
                return false; // values of different types are never equal
            }
        }

        return true;
    }

    private static bool IsPlainScalar(BsonValue value) => value.BsonType is BsonType.String or BsonType.ObjectId or BsonType.Int32
        or BsonType.Int64 or BsonType.DateTime or BsonType.Boolean;
}
