using MongoDB.Bson;
using PushGateway.EmbeddedMongo.Updates;
using PushGateway.Query;

namespace PushGateway.EmbeddedMongo.Aggregation;

/// <summary>Accumulator semantics shared by $group and the array forms of $sum/$avg/$min/$max.</summary>
internal static class Accumulators
{
    /// <summary>Sum of the numeric values (others ignored); int32 widens to int64 on overflow, like mongod.</summary>
    public static BsonValue Sum(IEnumerable<BsonValue> values)
    {
        BsonValue total = new BsonInt32(0);
        foreach (var value in values)
        {
            if (value.IsNumeric)
            {
                total = value.IsInt64 || total.IsInt64 || value.IsInt32
                    ? SafeAdd(total, value)
                    : NumericOps.Add(total, value);
            }
        }

        return total;
    }

    private static BsonValue SafeAdd(BsonValue total, BsonValue value)
    {
        try
        {
            return NumericOps.Add(total, value);
        }
        catch (Commands.MongoErrorException)
        {
            return new BsonDouble(total.ToDouble() + value.ToDouble());
        }
    }

    public static BsonValue Avg(IEnumerable<BsonValue> values)
    {
        var numbers = values.Where(v => v.IsNumeric).ToList();
        if (numbers.Count == 0)
        {
            return BsonNull.Value;
        }

        return numbers.Any(n => n.IsDecimal128)
            ? new BsonDecimal128(new Decimal128(numbers.Sum(n => Decimal128.ToDecimal(n.ToDecimal128())) / numbers.Count))
            : new BsonDouble(numbers.Sum(n => n.ToDouble()) / numbers.Count);
    }

    public static BsonValue? Min(IEnumerable<BsonValue> values) =>
        values.Where(v => !v.IsBsonNull && !v.IsBsonUndefined).DefaultIfEmpty(null).Aggregate((BsonValue?)null, (min, v) => v is null ? min : min is null || BsonValueComparer.Instance.Compare(v, min) < 0 ? v : min);

    public static BsonValue? Max(IEnumerable<BsonValue> values) =>
        values.Where(v => !v.IsBsonNull && !v.IsBsonUndefined).DefaultIfEmpty(null).Aggregate((BsonValue?)null, (max, v) => v is null ? max : max is null || BsonValueComparer.Instance.Compare(v, max) > 0 ? v : max);
}
