using MongoDB.Bson;

namespace PushGateway.Query.Evaluation;

/// <summary><c>$mod</c>: numbers are truncated toward zero; NaN and infinities never match (MongoDB 5.0+).</summary>
internal sealed class ModValuePredicate(long divisor, long remainder) : ValuePredicate
{
    public override bool Matches(BsonValue value)
    {
        long n;
        switch (value.BsonType)
        {
            case BsonType.Int32:
                n = value.AsInt32;
                break;
            case BsonType.Int64:
                n = value.AsInt64;
                break;
            case BsonType.Double:
                var d = value.AsDouble;
                if (double.IsNaN(d) || double.IsInfinity(d))
                {
                    return false;
                }

                n = d >= 9.2233720368547758E+18 ? long.MaxValue : d <= -9.2233720368547758E+18 ? long.MinValue : (long)d;
                break;
            case BsonType.Decimal128:
                var m = value.AsDecimal128;
                if (Decimal128.IsNaN(m) || Decimal128.IsInfinity(m))
                {
                    return false;
                }

                var truncated = Math.Truncate(Decimal128.ToDouble(m));
                n = truncated >= 9.2233720368547758E+18 ? long.MaxValue : truncated <= -9.2233720368547758E+18 ? long.MinValue : (long)truncated;
                break;
            default:
                return false;
        }

        // long.MinValue % -1 overflows in .NET; mathematically it is 0.
        var mod = divisor == -1 ? 0 : n % divisor;
        return mod == remainder;
    }
}
