namespace PushGateway.Query.Sql;

internal enum SqlTokenKind
{
    End,
    Identifier,
    QuotedIdentifier,
    String,
    Number,
    Symbol,
    Invalid,
}
