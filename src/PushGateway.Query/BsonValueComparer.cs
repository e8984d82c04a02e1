using MongoDB.Bson;
using PushGateway.Query.Bson;

namespace PushGateway.Query;

/// <summary>
/// MongoDB's total order over BSON values (no collation): MinKey &lt; undefined &lt; null &lt;
/// numbers &lt; strings/symbols &lt; documents &lt; arrays &lt; binary &lt; ObjectId &lt; bool &lt;
/// date &lt; timestamp &lt; regex &lt; javascript &lt; MaxKey. Numbers compare exactly across
/// int32/int64/double/decimal128, so equality is numeric-aware (1 == 1L == 1.0 == 1m) with a
/// matching <see cref="GetHashCode(BsonValue)"/>; <see cref="BsonValue.Equals(object)"/> is type-strict and is not.
/// Documents compare field by field, names included, so field order matters.
/// </summary>
public sealed class BsonValueComparer : IComparer<BsonValue>, IEqualityComparer<BsonValue>
{
    private BsonValueComparer()
    {
    }

    /// <summary>The shared, stateless instance.</summary>
    public static BsonValueComparer Instance { get; } = new();

    /// <inheritdoc />
    public int Compare(BsonValue? x, BsonValue? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        var cx = CanonicalTypes.Of(x);
        var cy = CanonicalTypes.Of(y);
        if (cx != cy)
        {
            return cx < cy ? -1 : 1;
        }

        return Sign(CompareSameClass(x, y, cx));
    }

    /// <inheritdoc />
    public bool Equals(BsonValue? x, BsonValue? y) => Compare(x, y) == 0;

    /// <inheritdoc />
    public int GetHashCode(BsonValue obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        switch (obj.BsonType)
        {
            case BsonType.Int32:
            case BsonType.Int64:
            case BsonType.Double:
            case BsonType.Decimal128:
                return NumericComparison.GetHashCode(obj);
            case BsonType.String:
                return StringComparer.Ordinal.GetHashCode(obj.AsString);
            case BsonType.Symbol:
                return StringComparer.Ordinal.GetHashCode(obj.AsBsonSymbol.Name);
            case BsonType.Document:
            {
                var document = obj.AsBsonDocument;
                var hash = new HashCode();
                for (var i = 0; i < document.ElementCount; i++)
                {
                    var element = document.GetElement(i);
                    hash.Add(StringComparer.Ordinal.GetHashCode(element.Name));
                    hash.Add(GetHashCode(element.Value));
                }

                return hash.ToHashCode();
            }

            case BsonType.Array:
            {
                var array = obj.AsBsonArray;
                var hash = new HashCode();
                hash.Add(array.Count);
                for (var i = 0; i < array.Count; i++)
                {
                    hash.Add(GetHashCode(array[i]));
                }

                return hash.ToHashCode();
            }

            case BsonType.Binary:
            {
                var binary = obj.AsBsonBinaryData;
                var hash = new HashCode();
                hash.Add(binary.SubType);
                hash.AddBytes(binary.Bytes);
                return hash.ToHashCode();
            }

            case BsonType.RegularExpression:
                return HashCode.Combine(obj.AsBsonRegularExpression.Pattern, obj.AsBsonRegularExpression.Options);
            case BsonType.JavaScript:
                return StringComparer.Ordinal.GetHashCode(obj.AsBsonJavaScript.Code);
            case BsonType.JavaScriptWithScope:
                return StringComparer.Ordinal.GetHashCode(obj.AsBsonJavaScriptWithScope.Code);
            case BsonType.MinKey:
            case BsonType.MaxKey:
            case BsonType.Null:
            case BsonType.Undefined:
                return (int)obj.BsonType;
            default:
                return obj.GetHashCode();
        }
    }

    /// <summary>Compares two strings by Unicode code point, which is the byte order of their UTF-8 encodings (MongoDB's binary string order).</summary>
    public static int CompareStrings(string x, string y)
    {
        // The common prefix is found vectorised (index keys often share long prefixes, or are equal).
        var i = ReferenceEquals(x, y) ? x.Length : x.AsSpan().CommonPrefixLength(y.AsSpan());
        if (i < x.Length && i < y.Length)
        {
            return FixUp(x[i]) < FixUp(y[i]) ? -1 : 1;
        }

        return x.Length.CompareTo(y.Length);
    }

    // UTF-16 puts surrogates (U+D800..U+DFFF) below U+E000..U+FFFF, but the code points they encode
    // are above U+FFFF; shift them so ordinal UTF-16 order becomes code point order.
    private static int FixUp(char c) => c >= 0xD800 ? (c >= 0xE000 ? c - 0x800 : c + 0x2000) : c;

    private static int Sign(int value) => value < 0 ? -1 : value > 0 ? 1 : 0;

    /// <summary>Compares two values already known to share a canonical type class.</summary>
    internal int CompareSameClass(BsonValue x, BsonValue y, int canonicalType)
    {
        switch (canonicalType)
        {
            case CanonicalTypes.MinKey:
            case CanonicalTypes.MaxKey:
            case CanonicalTypes.Null:
            case CanonicalTypes.Undefined:
                return 0;
            case CanonicalTypes.Number:
                return NumericComparison.Compare(x, y);
            case CanonicalTypes.String:
                return CompareStrings(StringOf(x), StringOf(y));
            case CanonicalTypes.Document:
                return CompareDocuments(x.AsBsonDocument, y.AsBsonDocument);
            case CanonicalTypes.Array:
                return CompareArrays(x.AsBsonArray, y.AsBsonArray);
            case CanonicalTypes.Binary:
                return CompareBinary(x.AsBsonBinaryData, y.AsBsonBinaryData);
            case CanonicalTypes.ObjectId:
                return x.AsObjectId.CompareTo(y.AsObjectId);
            case CanonicalTypes.Boolean:
                return x.AsBoolean.CompareTo(y.AsBoolean);
            case CanonicalTypes.DateTime:
                return x.AsBsonDateTime.MillisecondsSinceEpoch.CompareTo(y.AsBsonDateTime.MillisecondsSinceEpoch);
            case CanonicalTypes.Timestamp:
                return ((ulong)x.AsBsonTimestamp.Value).CompareTo((ulong)y.AsBsonTimestamp.Value);
            case CanonicalTypes.Regex:
            {
                var c = CompareStrings(x.AsBsonRegularExpression.Pattern, y.AsBsonRegularExpression.Pattern);
                return c != 0 ? c : CompareStrings(x.AsBsonRegularExpression.Options, y.AsBsonRegularExpression.Options);
            }

            case CanonicalTypes.JavaScript:
                return CompareStrings(x.AsBsonJavaScript.Code, y.AsBsonJavaScript.Code);
            case CanonicalTypes.JavaScriptWithScope:
            {
                var c = CompareStrings(x.AsBsonJavaScriptWithScope.Code, y.AsBsonJavaScriptWithScope.Code);
                return c != 0 ? c : CompareDocuments(x.AsBsonJavaScriptWithScope.Scope, y.AsBsonJavaScriptWithScope.Scope);
            }

            default:
                return 0;
        }
    }

    private static string StringOf(BsonValue value) =>
        value.BsonType == BsonType.Symbol ? value.AsBsonSymbol.Name : value.AsString;

    private int CompareDocuments(BsonDocument x, BsonDocument y)
    {
        var count = Math.Min(x.ElementCount, y.ElementCount);
        for (var i = 0; i < count; i++)
        {
            var a = x.GetElement(i);
            var b = y.GetElement(i);
            var ca = CanonicalTypes.Of(a.Value);
            var cb = CanonicalTypes.Of(b.Value);
            if (ca != cb)
            {
                return ca < cb ? -1 : 1;
            }

            var c = CompareStrings(a.Name, b.Name);
            if (c != 0)
            {
                return c;
            }

            c = CompareSameClass(a.Value, b.Value, ca);
            if (c != 0)
            {
                return c;
            }
        }

        return x.ElementCount.CompareTo(y.ElementCount);
    }

    private int CompareArrays(BsonArray x, BsonArray y)
    {
        var count = Math.Min(x.Count, y.Count);
        for (var i = 0; i < count; i++)
        {
            var c = Compare(x[i], y[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return x.Count.CompareTo(y.Count);
    }

    private static int CompareBinary(BsonBinaryData x, BsonBinaryData y)
    {
        var xb = x.Bytes;
        var yb = y.Bytes;
        if (xb.Length != yb.Length)
        {
            return xb.Length.CompareTo(yb.Length);
        }

        if (x.SubType != y.SubType)
        {
            return ((byte)x.SubType).CompareTo((byte)y.SubType);
        }

        return xb.AsSpan().SequenceCompareTo(yb);
    }
}
