namespace PushGateway.Query.Sql;

/// <summary>A token with its source offset; <see cref="Value"/> is the unescaped text of strings and quoted identifiers.</summary>
internal readonly record struct SqlToken(SqlTokenKind Kind, string Text, string Value, int Offset)
{
    public bool IsKeyword(string keyword) =>
        Kind == SqlTokenKind.Identifier && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);

    public bool IsSymbol(string symbol) => Kind == SqlTokenKind.Symbol && Text == symbol;

    /// <summary>How the token is shown in "found ..." error messages.</summary>
    public string Display => Kind switch
    {
        SqlTokenKind.End => "end of input",
        SqlTokenKind.String => "string " + Text,
        SqlTokenKind.Number => "number " + Text,
        _ => "'" + Text + "'",
    };
}
