using MongoDB.Bson;
using PushGateway.Query.Ast;

namespace PushGateway.Query.Mql;

/// <summary>Operators with a value operand: <c>$in/$nin</c>, <c>$type</c>, <c>$size</c>, <c>$mod</c>.</summary>
internal sealed partial class MqlParser
{
    private InPredicate? ParseIn(BsonValue value, string location, string name)
    {
        if (value is not BsonArray array)
        {
            Fail(QueryErrorCodes.BadValueError($"{name} needs an array", location));
            return null;
        }

        if (array.Count > limits.MaxInSize)
        {
            Fail(QueryErrorCodes.BadValueError($"{name} has {array.Count} values, more than the limit of {limits.MaxInSize}", location));
            return null;
        }

        var values = new List<BsonValue>(array.Count);
        var regexes = new List<RegexPredicate>();
        for (var i = 0; i < array.Count; i++)
        {
            var item = array[i];
            if (item is BsonRegularExpression regex)
            {
                var predicate = ParseRegex(regex.Pattern, regex.Options, location + "." + i);
                if (predicate is null)
                {
                    return null;
                }

                regexes.Add(predicate);
            }
            else if (IsOperatorDocument(item))
            {
                Fail(QueryErrorCodes.BadValueError("cannot nest $ under " + name, location + "." + i));
                return null;
            }
            else
            {
                values.Add(item);
            }
        }

        return new InPredicate(values, regexes);
    }

    private TypePredicate? ParseType(BsonValue value, string location)
    {
        var types = new HashSet<BsonType>();
        var number = false;
        var items = value is BsonArray array ? array : new BsonArray { value };
        foreach (var item in items)
        {
            if (item.IsString)
            {
                if (item.AsString == BsonTypeNames.NumberAlias)
                {
                    number = true;
                }
                else if (BsonTypeNames.TryGetType(item.AsString, out var type))
                {
                    types.Add(type);
                }
                else
                {
                    Fail(QueryErrorCodes.BadValueError($"Unknown type name alias: {item.AsString}", location));
                    return null;
                }
            }
            else if (item.IsNumeric)
            {
                var d = item.ToDouble();
                if (d != Math.Truncate(d) || !BsonTypeNames.TryGetType((int)d, out var type))
                {
                    Fail(QueryErrorCodes.BadValueError($"Invalid numerical type code: {item}", location));
                    return null;
                }

                types.Add(type);
            }
            else
            {
                Fail(QueryErrorCodes.TypeMismatchError("type must be represented as a number or a string", location));
                return null;
            }
        }

        return new TypePredicate(value, types, number);
    }

    private SizePredicate? ParseSize(BsonValue value, string location)
    {
        if (!value.IsNumeric)
        {
            Fail(QueryErrorCodes.BadValueError("$size needs a number", location));
            return null;
        }

        var d = value.ToDouble();
        if (d != Math.Truncate(d))
        {
            Fail(QueryErrorCodes.BadValueError("$size must be a whole number", location));
            return null;
        }

        if (d < 0)
        {
            Fail(QueryErrorCodes.BadValueError("$size may not be negative", location));
            return null;
        }

        if (d > int.MaxValue)
        {
            Fail(QueryErrorCodes.BadValueError("$size must be representable as a 32-bit integer", location));
            return null;
        }

        return new SizePredicate((int)d);
    }

    private ModPredicate? ParseMod(BsonValue value, string location)
    {
        if (value is not BsonArray array)
        {
            Fail(QueryErrorCodes.BadValueError("malformed mod, needs to be an array", location));
            return null;
        }

        if (array.Count < 2)
        {
            Fail(QueryErrorCodes.BadValueError("malformed mod, not enough elements", location));
            return null;
        }

        if (array.Count > 2)
        {
            Fail(QueryErrorCodes.BadValueError("malformed mod, too many elements", location));
            return null;
        }

        if (!array[0].IsNumeric)
        {
            Fail(QueryErrorCodes.BadValueError("malformed mod, divisor not a number", location));
            return null;
        }

        if (!array[1].IsNumeric)
        {
            Fail(QueryErrorCodes.BadValueError("malformed mod, remainder not a number", location));
            return null;
        }

        var divisor = array[0].ToDouble();
        var remainder = array[1].ToDouble();
        if (!double.IsFinite(divisor) || !double.IsFinite(remainder))
        {
            Fail(QueryErrorCodes.BadValueError("malformed mod, divisor and remainder must be finite", location));
            return null;
        }

        var d = (long)Math.Truncate(Math.Clamp(divisor, long.MinValue, long.MaxValue));
        if (d == 0)
        {
            Fail(QueryErrorCodes.BadValueError("divisor cannot be 0", location));
            return null;
        }

        return new ModPredicate(d, (long)Math.Truncate(Math.Clamp(remainder, long.MinValue, long.MaxValue)));
    }
}
