using MongoDB.Bson;

namespace PushGateway.EmbeddedMongo.Storage;

/// <summary>
/// Whether two documents would serialise to the same BSON bytes (same names in the same order, same types, same
/// values bit for bit), decided without serialising them: an update that changes nothing is a no-op, and this check
/// runs on every update.
/// </summary>
internal static class BsonIdentity
{
    public static bool Same(BsonDocument x, BsonDocument y)
    {
        if (ReferenceEquals(x, y))
        {
            return true;
        }

        if (x.ElementCount != y.ElementCount)
        {
            return false;
        }

        for (var i = 0; i < x.ElementCount; i++)
        {
            var a = x.GetElement(i);
            var b = y.GetElement(i);
            if (!string.Equals(a.Name, b.Name, StringComparison.Ordinal) || !Same(a.Value, b.Value))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Same(BsonValue x, BsonValue y)
    {
        if (ReferenceEquals(x, y))
        {
            return true;
        }

        if (x.BsonType != y.BsonType)
        {
            return false;
        }

        switch (x)
        {
            case BsonDocument d:
                return Same(d, (BsonDocument)y);
            case BsonArray a:
                var b = (BsonArray)y;
                if (a.Count != b.Count)
                {
                    return false;
                }

                for (var i = 0; i < a.Count; i++)
                {
                    if (!Same(a[i], b[i]))
                    {
                        return false;
                    }
                }

                return true;
            case BsonDouble d:
                return BitConverter.DoubleToInt64Bits(d.Value) == BitConverter.DoubleToInt64Bits(y.AsDouble);
            case BsonDecimal128 m:
                var n = y.AsDecimal128;
                return m.Value.GetIEEEHighBits() == n.GetIEEEHighBits() && m.Value.GetIEEELowBits() == n.GetIEEELowBits();
            case BsonBinaryData bin:
                var other = (BsonBinaryData)y;
                return bin.SubType == other.SubType && bin.Bytes.AsSpan().SequenceEqual(other.Bytes);
            case BsonJavaScriptWithScope js:
                var o = (BsonJavaScriptWithScope)y;
                return string.Equals(js.Code, o.Code, StringComparison.Ordinal) && Same(js.Scope, o.Scope);
            default:
                // Strings (ordinal), integers, dates, timestamps, ObjectIds, booleans, regexes, symbols, null and the
                // min/max keys: equality of one type is equality of their bytes.
                return x.Equals(y);
        }
    }
}
