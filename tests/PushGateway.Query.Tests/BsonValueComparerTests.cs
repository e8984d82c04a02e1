using MongoDB.Bson;
using static PushGateway.Query.Tests.TestJson;

namespace PushGateway.Query.Tests;

public class BsonValueComparerTests
{
    private static readonly BsonValueComparer Comparer = BsonValueComparer.Instance;

    public static TheoryData<BsonValue, BsonValue> EqualNumbers => new()
    {
        { 1, 1L },
        { 1, 1.0 },
        { 1L, new BsonDecimal128(1m) },
        { 1.5, new BsonDecimal128(1.5m) },
        { 0.0, -0.0 },
        { new BsonDecimal128(Decimal128.Parse("1.000")), 1 },
        { double.NaN, new BsonDecimal128(Decimal128.QNaN) },
        { new BsonDecimal128(Decimal128.Parse("1E+20")), 1e20 },
        { 9007199254740992L, 9007199254740992.0 },
        { new BsonDecimal128(Decimal128.PositiveInfinity), double.PositiveInfinity },
        { new BsonDecimal128(Decimal128.Parse("-0")), 0 },
        { new BsonDecimal128(Decimal128.Parse("0.5")), 0.5 },
    };

    [Theory]
    [MemberData(nameof(EqualNumbers))]
    public void Equals_NumericallyEqualAcrossTypes_IsTrueWithEqualHashes(BsonValue x, BsonValue y)
    {
        Assert.True(Comparer.Equals(x, y));
        Assert.Equal(0, Comparer.Compare(x, y));
        Assert.Equal(Comparer.GetHashCode(x), Comparer.GetHashCode(y));
    }

    [Fact]
    public void Compare_LongAboveDoublePrecision_IsExact()
    {
        // 2^53 + 1 is not representable as a double; rounding through double would call these equal.
        Assert.True(Comparer.Compare(9007199254740993L, 9007199254740992.0) > 0);
        Assert.True(Comparer.Compare(long.MaxValue, 9223372036854775807.0) < 0);
        Assert.False(Comparer.Equals(new BsonDecimal128(Decimal128.Parse("0.1")), 0.1));
    }

    [Fact]
    public void Compare_NaN_SortsBelowAllNumbers()
    {
        Assert.True(Comparer.Compare(double.NaN, double.NegativeInfinity) < 0);
        Assert.True(Comparer.Compare(double.NegativeInfinity, long.MinValue) < 0);
        Assert.True(Comparer.Compare(double.PositiveInfinity, new BsonDecimal128(Decimal128.MaxValue)) > 0);
    }

    [Fact]
    public void Compare_CrossTypeOrder_FollowsMongoDb()
    {
        BsonValue[] ascending =
        [
            BsonMinKey.Value,
            BsonUndefined.Value,
            BsonNull.Value,
            -5,
            2.5,
            "",
            "a",
            new BsonDocument(),
            new BsonDocument("a", 1),
            new BsonArray(),
            new BsonBinaryData([1]),
            ObjectId.Parse("000000000000000000000001"),
            false,
            true,
            new BsonDateTime(0),
            new BsonTimestamp(1, 1),
            new BsonRegularExpression("a"),
            new BsonJavaScript("x"),
            BsonMaxKey.Value,
        ];

        for (var i = 0; i + 1 < ascending.Length; i++)
        {
            Assert.True(Comparer.Compare(ascending[i], ascending[i + 1]) < 0, $"{ascending[i]} < {ascending[i + 1]}");
            Assert.True(Comparer.Compare(ascending[i + 1], ascending[i]) > 0);
        }
    }

    [Fact]
    public void Compare_DocumentsWithDifferentFieldOrder_AreNotEqual()
    {
        Assert.NotEqual(0, Comparer.Compare(Doc("{a: 1, b: 2}"), Doc("{b: 2, a: 1}")));
        Assert.Equal(0, Comparer.Compare(Doc("{a: 1, b: 2}"), Doc("{a: 1.0, b: NumberLong(2)}")));
    }

    [Fact]
    public void Compare_StringsWithSupplementaryCharacters_UseCodePointOrder()
    {
        // U+1F600 (a surrogate pair in UTF-16) is above U+FFFD in code point (and UTF-8 byte) order.
        Assert.True(Comparer.Compare("\uFFFD", "\U0001F600") < 0);
        Assert.True(Comparer.Compare("a", "b") < 0);
        Assert.True(Comparer.Compare("B", "a") < 0);
    }

    [Fact]
    public void Compare_StringAndSymbol_AreOneClass()
    {
        Assert.Equal(0, Comparer.Compare("abc", (BsonSymbol)"abc"));
        Assert.Equal(Comparer.GetHashCode("abc"), Comparer.GetHashCode((BsonSymbol)"abc"));
    }

    [Fact]
    public void Compare_BinaryData_OrdersByLengthThenSubtypeThenBytes()
    {
        Assert.True(Comparer.Compare(new BsonBinaryData([9]), new BsonBinaryData([0, 0])) < 0);
        Assert.True(Comparer.Compare(new BsonBinaryData([1], BsonBinarySubType.Binary), new BsonBinaryData([0], BsonBinarySubType.UserDefined)) < 0);
    }

    [Fact]
    public void Compare_Timestamps_AreUnsigned()
    {
        Assert.True(Comparer.Compare(new BsonTimestamp(1, 0), new BsonTimestamp(unchecked((int)0x80000000), 0)) < 0);
    }

    [Fact]
    public void Compare_Arrays_ElementwiseThenLength()
    {
        Assert.True(Comparer.Compare(new BsonArray { 1, 2 }, new BsonArray { 1, 3 }) < 0);
        Assert.True(Comparer.Compare(new BsonArray { 1 }, new BsonArray { 1, 0 }) < 0);
        Assert.Equal(0, Comparer.Compare(new BsonArray { 1, 2 }, new BsonArray { 1.0, 2L }));
    }

    [Fact]
    public void HashSet_WithComparer_FindsNumericallyEqualValues()
    {
        var set = new HashSet<BsonValue>(Comparer) { 1, "x", new BsonArray { 1, 2 } };

        Assert.Contains(new BsonDecimal128(1m), set);
        Assert.Contains(new BsonArray { 1.0, 2L }, set);
        Assert.DoesNotContain(new BsonString("1"), set);
    }
}
