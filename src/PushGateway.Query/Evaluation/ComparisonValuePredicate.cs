using MongoDB.Bson;
using PushGateway.Query.Ast;
using PushGateway.Query.Bson;

namespace PushGateway.Query.Evaluation;

/// <summary>
/// mongo's <c>ComparisonMatchExpression::matchesSingleElement</c>: values of different canonical
/// types never compare (except MinKey/MaxKey bounds), NaN equals only NaN, and comparisons with
/// null also accept missing fields for $eq/$gte/$lte.
/// </summary>
internal sealed class ComparisonValuePredicate : ValuePredicate
{
    private readonly ComparisonOperator _op;
    private readonly BsonValue _operand;
    private readonly int _operandClass;
    private readonly bool _operandIsNaN;
    private readonly bool _matchesMissing;

    public ComparisonValuePredicate(ComparisonOperator op, BsonValue operand)
    {
        _op = op;
        _operand = operand;
        _operandClass = CanonicalTypes.Of(operand);
        _operandIsNaN = IsNaN(operand);
        _matchesMissing = operand.BsonType == BsonType.Null && op is ComparisonOperator.Eq or ComparisonOperator.Gte or ComparisonOperator.Lte;
    }

    public ComparisonOperator Operator => _op;

    public BsonValue Operand => _operand;

    public override bool MatchesMissing() => _matchesMissing;

    public override bool Matches(BsonValue value)
    {
        // Fast path for the most common condition: string equality (ordinal equality is exactly
        // MongoDB's binary string equality).
        if (_op == ComparisonOperator.Eq && _operand is BsonString operandString && value is BsonString valueString)
        {
            return string.Equals(operandString.Value, valueString.Value, StringComparison.Ordinal);
        }

        var valueClass = CanonicalTypes.Of(value);
        if (valueClass != _operandClass)
        {
            return _operandClass switch
            {
                CanonicalTypes.MaxKey => _op is ComparisonOperator.Lt or ComparisonOperator.Lte,
                CanonicalTypes.MinKey => _op is ComparisonOperator.Gt or ComparisonOperator.Gte,
                _ => false,
            };
        }

        if (valueClass == CanonicalTypes.Number)
        {
            var valueIsNaN = IsNaN(value);
            if (valueIsNaN || _operandIsNaN)
            {
                var both = valueIsNaN && _operandIsNaN;
                return _op is ComparisonOperator.Eq or ComparisonOperator.Gte or ComparisonOperator.Lte && both;
            }
        }

        var c = BsonValueComparer.Instance.CompareSameClass(value, _operand, valueClass);
        return _op switch
        {
            ComparisonOperator.Eq => c == 0,
            ComparisonOperator.Gt => c > 0,
            ComparisonOperator.Gte => c >= 0,
            ComparisonOperator.Lt => c < 0,
            _ => c <= 0,
        };
    }

    internal static bool IsNaN(BsonValue value) => value.BsonType switch
    {
        BsonType.Double => double.IsNaN(value.AsDouble),
        BsonType.Decimal128 => Decimal128.IsNaN(value.AsDecimal128),
        _ => false,
    };
}
