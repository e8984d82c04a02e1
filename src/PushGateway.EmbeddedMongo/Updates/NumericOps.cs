using MongoDB.Bson;
using PushGateway.EmbeddedMongo.Commands;

namespace PushGateway.EmbeddedMongo.Updates;

/// <summary>
/// $inc/$mul arithmetic with mongod's widening: int32 overflow becomes int64, any double makes a
/// double, any decimal a decimal; int64 overflow is an error, as in mongod.
/// </summary>
internal static class NumericOps
{
    public static BsonValue Add(BsonValue a, BsonValue b) => Combine(a, b, checked((x, y) => x + y), (x, y) => x + y, (x, y) => x + y, "$inc");

    public static BsonValue Multiply(BsonValue a, BsonValue b) => Combine(a, b, checked((x, y) => x * y), (x, y) => x * y, (x, y) => x * y, "$mul");

    private static BsonValue Combine(BsonValue a, BsonValue b, Func<long, long, long> integer, Func<double, double, double> real, Func<decimal, decimal, decimal> dec, string op)
    {
        if (a.IsDecimal128 || b.IsDecimal128)
        {
            return new BsonDecimal128(new Decimal128(dec(Decimal128.ToDecimal(a.ToDecimal128()), Decimal128.ToDecimal(b.ToDecimal128()))));
        }

        if (a.IsDouble || b.IsDouble)
        {
            return new BsonDouble(real(a.ToDouble(), b.ToDouble()));
        }

        long result;
        try
        {
            result = integer(a.ToInt64(), b.ToInt64());
        }
        catch (OverflowException)
        {
            throw new MongoErrorException(2, "BadValue", $"Failed to apply {op} operations to current value ({a}) due to overflow");
        }

        if (a.IsInt32 && b.IsInt32 && result is >= int.MinValue and <= int.MaxValue)
        {
            return new BsonInt32((int)result);
        }

        return new BsonInt64(result);
    }

    /// <summary>The zero of the multiplier's type (what $mul stores in a missing field).</summary>
    public static BsonValue ZeroLike(BsonValue v) => v switch
    {
        BsonInt32 => new BsonInt32(0),
        BsonInt64 => new BsonInt64(0),
        BsonDecimal128 => new BsonDecimal128(Decimal128.Zero),
        _ => new BsonDouble(0),
    };
}
