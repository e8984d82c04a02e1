using MongoDB.Bson;
using PushGateway.Query.Ast;

namespace PushGateway.Query.Sql;

/// <summary>
/// Recursive-descent parser for the SQL WHERE dialect (grammar in the library README). Produces the
/// same filter tree as MQL; the first syntax error is kept in <see cref="Error"/> with line, column,
/// the token found, what was expected, and a caret excerpt.
/// </summary>
internal sealed partial class SqlParser
{
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "AND", "OR", "NOT", "IN", "BETWEEN", "LIKE", "ILIKE", "IS", "NULL", "TRUE", "FALSE", "ESCAPE",
    };

    private readonly string _text;
    private readonly QueryLimits _limits;
    private readonly List<SqlToken> _tokens;
    private int _position;
    private int _depth;
    private int _clauses;

    public SqlParser(string text, QueryLimits limits)
    {
        _text = text;
        _limits = limits;
        _tokens = SqlLexer.Tokenize(text);
    }

    public QueryError? Error { get; private set; }

    private SqlToken Current => _tokens[_position];

    public FilterNode? Parse()
    {
        var node = ParseOr();
        if (node is null)
        {
            return null;
        }

        if (Current.Kind != SqlTokenKind.End)
        {
            return Expected("AND, OR or end of input");
        }

        return node;
    }

    private FilterNode? ParseOr()
    {
        var first = ParseAnd();
        if (first is null)
        {
            return null;
        }

        var children = new List<FilterNode> { first };
        while (Current.IsKeyword("OR"))
        {
            _position++;
            var next = ParseAnd();
            if (next is null)
            {
                return null;
            }

            children.Add(next);
        }

        return children.Count == 1 ? first : new OrNode(children, negated: false);
    }

    private FilterNode? ParseAnd()
    {
        var first = ParseNot();
        if (first is null)
        {
            return null;
        }

        var children = new List<FilterNode> { first };
        while (Current.IsKeyword("AND"))
        {
            _position++;
            var next = ParseNot();
            if (next is null)
            {
                return null;
            }

            children.Add(next);
        }

        return children.Count == 1 ? first : new AndNode(children);
    }

    private FilterNode? ParseNot()
    {
        if (!Current.IsKeyword("NOT"))
        {
            return ParsePrimary();
        }

        _position++;
        if (!Enter())
        {
            return null;
        }

        var inner = ParseNot();
        _depth--;
        return inner is null ? null : Negate(inner);
    }

    private FilterNode? ParsePrimary()
    {
        if (Current.IsSymbol("("))
        {
            _position++;
            if (!Enter())
            {
                return null;
            }

            var inner = ParseOr();
            _depth--;
            if (inner is null)
            {
                return null;
            }

            if (!Current.IsSymbol(")"))
            {
                return Expected("')'");
            }

            _position++;
            return inner;
        }

        if (Current.IsKeyword("EXISTS") && IsPathStart(Peek(1)))
        {
            _position++;
            var existsPath = ParsePath();
            return existsPath is null || !CountClause() ? null : new FieldNode(existsPath, ExistsPredicate.Instance);
        }

        if (Current.IsKeyword("CHANGED") && Peek(1).IsSymbol("("))
        {
            return ParseChanged();
        }

        if (Current.IsKeyword("TRUE") || Current.IsKeyword("FALSE"))
        {
            var value = Current.IsKeyword("TRUE");
            _position++;
            return new ConstantNode(value);
        }

        if (!IsPathStart(Current))
        {
            return Expected("a field path, NOT, EXISTS, CHANGED or '('");
        }

        var path = ParsePath();
        if (path is null || !CountClause())
        {
            return null;
        }

        return ParseComparison(path);
    }

    private FilterNode? ParseChanged()
    {
        _position += 2;
        if (Current.Kind != SqlTokenKind.String || Current.Value.Length == 0)
        {
            return Expected("a field path string such as 'status'");
        }

        var path = SqlAliases.Resolve(Current.Value);
        _position++;
        if (!Current.IsSymbol(")"))
        {
            return Expected("')'");
        }

        _position++;
        return CountClause() ? new ChangedNode(path) : null;
    }

    private bool Enter()
    {
        if (++_depth > _limits.MaxDepth)
        {
            Fail($"exceeded maximum query tree depth of {_limits.MaxDepth}", Current);
            return false;
        }

        return true;
    }

    private bool CountClause()
    {
        if (++_clauses > _limits.MaxClauses)
        {
            Fail($"filter has more than {_limits.MaxClauses} clauses", Current);
            return false;
        }

        return true;
    }

    private SqlToken Peek(int ahead) => _tokens[Math.Min(_position + ahead, _tokens.Count - 1)];

    private static bool IsPathStart(SqlToken token) =>
        token.Kind == SqlTokenKind.QuotedIdentifier || (token.Kind == SqlTokenKind.Identifier && !Reserved.Contains(token.Text));

    /// <summary>NOT pushed into a field predicate where MQL has a direct form ($ne, $nin, $exists: false, $not), else $nor.</summary>
    private static FilterNode Negate(FilterNode node) => node switch
    {
        FieldNode { Predicate: NotPredicate not } field => new FieldNode(field.Path, not.Inner),
        FieldNode field => new FieldNode(field.Path, new NotPredicate(field.Predicate, field.Predicate switch
        {
            ComparisonPredicate { Operator: ComparisonOperator.Eq } => NotStyle.Ne,
            InPredicate => NotStyle.Nin,
            ExistsPredicate => NotStyle.ExistsFalse,
            _ => NotStyle.Not,
        })),
        AndNode conjunction when IsSinglePathConjunction(conjunction) =>
            new FieldNode(((FieldNode)conjunction.Children[0]).Path, new NotPredicate(new AndPredicate([.. conjunction.Children.Select(c => ((FieldNode)c).Predicate)]), NotStyle.Not)),
        ConstantNode constant => new ConstantNode(!constant.Value),
        OrNode { Negated: true, Children.Count: 1 } nor => nor.Children[0],
        _ => new OrNode([node], negated: true),
    };

    private static bool IsSinglePathConjunction(AndNode node) =>
        node.Children.Count > 1 && node.Children.All(c => c is FieldNode f && f.Path == ((FieldNode)node.Children[0]).Path);

    private FilterNode? Expected(string expected)
    {
        var found = Current;
        var message = found.Kind == SqlTokenKind.Invalid
            ? $"syntax error: {found.Value} {found.Display}"
            : $"syntax error: expected {expected} but found {found.Display}";
        Fail(message, found);
        return null;
    }

    private void Fail(string message, SqlToken at)
    {
        if (Error is not null)
        {
            return;
        }

        var (line, column, excerpt) = TextPosition.Locate(_text, at.Offset);
        Error = new QueryError(
            QueryErrorCodes.FailedToParse,
            "FailedToParse",
            $"{message} at line {line}, column {column}",
            null,
            line,
            column,
            excerpt);
    }

    private void FailValue(QueryError error, SqlToken at)
    {
        if (Error is not null)
        {
            return;
        }

        var (line, column, excerpt) = TextPosition.Locate(_text, at.Offset);
        Error = error with { Line = line, Column = column, Excerpt = excerpt };
    }

    private static BsonValue Int(long value) => value is >= int.MinValue and <= int.MaxValue ? new BsonInt32((int)value) : new BsonInt64(value);
}
