namespace PushGateway.Query.Ast;

internal enum ComparisonOperator
{
    Eq,
    Gt,
    Gte,
    Lt,
    Lte,
}
