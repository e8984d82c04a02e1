using MongoDB.Bson;

namespace PushGateway.Query.Ast;

/// <summary><c>$eq $gt $gte $lt $lte</c> (and implicit equality).</summary>
internal sealed class ComparisonPredicate(ComparisonOperator op, BsonValue value) : PredicateNode
{
    public ComparisonOperator Operator { get; } = op;

    public BsonValue Value { get; } = value;

    public static string OperatorName(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Eq => "$eq",
        ComparisonOperator.Gt => "$gt",
        ComparisonOperator.Gte => "$gte",
        ComparisonOperator.Lt => "$lt",
        _ => "$lte",
    };

    public override void WriteTo(BsonDocument operators) => operators.Add(OperatorName(Operator), Value);
}
