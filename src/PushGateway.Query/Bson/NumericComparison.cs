using System.Numerics;
using MongoDB.Bson;

namespace PushGateway.Query.Bson;

/// <summary>
/// Exact comparison across int32, int64, double and decimal128, as MongoDB does it: no value is
/// rounded through double, NaN equals NaN and sorts below every other number.
/// </summary>
internal static class NumericComparison
{
    private const int NaNHash = 0x7FC00000;

    public static int Compare(BsonValue left, BsonValue right)
    {
        var lt = left.BsonType;
        var rt = right.BsonType;
        if (lt != BsonType.Decimal128 && rt != BsonType.Decimal128)
        {
            if (lt != BsonType.Double && rt != BsonType.Double)
            {
                return ToInt64(left).CompareTo(ToInt64(right));
            }

            if (lt == BsonType.Double && rt == BsonType.Double)
            {
                return CompareDoubles(left.AsDouble, right.AsDouble);
            }

            return lt == BsonType.Double
                ? -CompareInt64ToDouble(ToInt64(right), left.AsDouble)
                : CompareInt64ToDouble(ToInt64(left), right.AsDouble);
        }

        return ExactNumber.From(left).CompareTo(ExactNumber.From(right));
    }

    public static int CompareDoubles(double left, double right)
    {
        if (left < right)
        {
            return -1;
        }

        if (left > right)
        {
            return 1;
        }

        if (left == right)
        {
            return 0;
        }

        // At least one NaN: NaN == NaN, NaN < everything else.
        var leftNaN = double.IsNaN(left);
        var rightNaN = double.IsNaN(right);
        return leftNaN == rightNaN ? 0 : leftNaN ? -1 : 1;
    }

    public static int CompareInt64ToDouble(long left, double right)
    {
        if (double.IsNaN(right))
        {
            return 1;
        }

        // 2^63 is exactly representable; anything at or above it exceeds every long.
        if (right >= 9223372036854775808.0)
        {
            return -1;
        }

        if (right < -9223372036854775808.0)
        {
            return 1;
        }

        var truncated = Math.Truncate(right);
        var whole = (long)truncated;
        if (left != whole)
        {
            return left < whole ? -1 : 1;
        }

        var fraction = right - truncated;
        return fraction > 0 ? -1 : fraction < 0 ? 1 : 0;
    }

    /// <summary>A hash equal for every numerically equal value whatever its BSON type.</summary>
    public static int GetHashCode(BsonValue value)
    {
        switch (value.BsonType)
        {
            case BsonType.Int32:
                return HashInt64(value.AsInt32);
            case BsonType.Int64:
                return HashInt64(value.AsInt64);
            case BsonType.Double:
                return HashDouble(value.AsDouble);
            default:
                var d = value.AsDecimal128;
                if (Decimal128.IsNaN(d))
                {
                    return NaNHash;
                }

                var approximation = Decimal128.ToDouble(d);
                if (ExactNumber.From(value).CompareTo(ExactNumber.FromDouble(approximation)) == 0)
                {
                    return HashDouble(approximation);
                }

                return ExactNumber.From(value).GetNormalizedHashCode();
        }
    }

    private static int HashDouble(double d)
    {
        if (double.IsNaN(d))
        {
            return NaNHash;
        }

        if (d >= -9223372036854775808.0 && d < 9223372036854775808.0 && Math.Truncate(d) == d)
        {
            return HashInt64((long)d);
        }

        return d.GetHashCode();
    }

    private static int HashInt64(long value) => value.GetHashCode();

    private static long ToInt64(BsonValue value) => value.BsonType == BsonType.Int32 ? value.AsInt32 : value.AsInt64;

    /// <summary>sign × magnitude × 2^Exp2 × 10^Exp10, or a NaN/infinity marker.</summary>
    private readonly struct ExactNumber
    {
        // Kind orders the specials: NaN < -inf < finite < +inf.
        private const int KindNaN = 0;
        private const int KindNegativeInfinity = 1;
        private const int KindFinite = 2;
        private const int KindPositiveInfinity = 3;

        private readonly int _kind;
        private readonly int _sign;
        private readonly BigInteger _magnitude;
        private readonly int _exp2;
        private readonly int _exp10;

        private ExactNumber(int kind, int sign, BigInteger magnitude, int exp2, int exp10)
        {
            _kind = kind;
            _sign = magnitude.IsZero ? 0 : sign;
            _magnitude = magnitude;
            _exp2 = exp2;
            _exp10 = exp10;
        }

        public static ExactNumber From(BsonValue value) => value.BsonType switch
        {
            BsonType.Int32 => FromInt64(value.AsInt32),
            BsonType.Int64 => FromInt64(value.AsInt64),
            BsonType.Double => FromDouble(value.AsDouble),
            _ => FromDecimal(value.AsDecimal128),
        };

        public static ExactNumber FromInt64(long value) =>
            new(KindFinite, Math.Sign(value), BigInteger.Abs(new BigInteger(value)), 0, 0);

        public static ExactNumber FromDouble(double value)
        {
            if (double.IsNaN(value))
            {
                return new(KindNaN, 0, BigInteger.Zero, 0, 0);
            }

            if (double.IsInfinity(value))
            {
                return new(value > 0 ? KindPositiveInfinity : KindNegativeInfinity, 0, BigInteger.Zero, 0, 0);
            }

            var bits = BitConverter.DoubleToInt64Bits(value);
            var negative = bits < 0;
            var exponent = (int)((bits >> 52) & 0x7FF);
            var mantissa = bits & 0xFFFFFFFFFFFFFL;
            if (exponent == 0)
            {
                exponent = 1;
            }
            else
            {
                mantissa |= 1L << 52;
            }

            return new(KindFinite, negative ? -1 : 1, new BigInteger(mantissa), exponent - 1075, 0);
        }

        private static ExactNumber FromDecimal(Decimal128 value)
        {
            if (Decimal128.IsNaN(value))
            {
                return new(KindNaN, 0, BigInteger.Zero, 0, 0);
            }

            if (Decimal128.IsInfinity(value))
            {
                return new(Decimal128.IsNegative(value) ? KindNegativeInfinity : KindPositiveInfinity, 0, BigInteger.Zero, 0, 0);
            }

            var significand = (new BigInteger(Decimal128.GetSignificandHighBits(value)) << 64)
                | new BigInteger(Decimal128.GetSignificandLowBits(value));
            return new(KindFinite, Decimal128.IsNegative(value) ? -1 : 1, significand, 0, Decimal128.GetExponent(value));
        }

        public int CompareTo(ExactNumber other)
        {
            if (_kind != KindFinite || other._kind != KindFinite)
            {
                return _kind.CompareTo(other._kind);
            }

            if (_sign != other._sign)
            {
                return _sign.CompareTo(other._sign);
            }

            if (_sign == 0)
            {
                return 0;
            }

            var min2 = Math.Min(_exp2, other._exp2);
            var min10 = Math.Min(_exp10, other._exp10);
            var left = Scale(_magnitude, _exp2 - min2, _exp10 - min10);
            var right = Scale(other._magnitude, other._exp2 - min2, other._exp10 - min10);
            return _sign * left.CompareTo(right);
        }

        public int GetNormalizedHashCode()
        {
            var magnitude = _magnitude;
            var exp10 = _exp10;
            while (!magnitude.IsZero && (magnitude % 10).IsZero)
            {
                magnitude /= 10;
                exp10++;
            }

            return HashCode.Combine(_kind, _sign, magnitude, _exp2, exp10);
        }

        private static BigInteger Scale(BigInteger magnitude, int shift2, int shift10)
        {
            var result = magnitude << shift2;
            return shift10 == 0 ? result : result * BigInteger.Pow(10, shift10);
        }
    }
}
