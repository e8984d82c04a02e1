using System.Text;
using MongoDB.Bson;
using PushGateway.Query.Ast;
using PushGateway.Query.Mql;

namespace PushGateway.Query.Sql;

/// <summary>Paths and comparison predicates.</summary>
internal sealed partial class SqlParser
{
    /// <summary>path := ident ( '.' ident | '[' int ']' )*; unquoted change-event aliases are resolved.</summary>
    private string? ParsePath()
    {
        var builder = new StringBuilder();
        var quotedStart = Current.Kind == SqlTokenKind.QuotedIdentifier;
        if (!AppendComponent(builder))
        {
            return null;
        }

        while (true)
        {
            if (Current.IsSymbol("."))
            {
                _position++;
                builder.Append('.');
                if (Current.Kind == SqlTokenKind.Number && IsIndex(Current.Text))
                {
                    builder.Append(Current.Text);
                    _position++;
                    continue;
                }

                if (Current.Kind is not (SqlTokenKind.Identifier or SqlTokenKind.QuotedIdentifier))
                {
                    Expected("a field name after '.'");
                    return null;
                }

                if (!AppendComponent(builder))
                {
                    return null;
                }
            }
            else if (Current.IsSymbol("["))
            {
                _position++;
                if (Current.Kind != SqlTokenKind.Number || !IsIndex(Current.Text))
                {
                    Expected("an array index such as [0]");
                    return null;
                }

                builder.Append('.').Append(Current.Text);
                _position++;
                if (!Current.IsSymbol("]"))
                {
                    Expected("']'");
                    return null;
                }

                _position++;
            }
            else
            {
                break;
            }
        }

        var path = builder.ToString();
        return quotedStart ? path : SqlAliases.Resolve(path);
    }

    private static bool IsIndex(string text) => text.All(char.IsAsciiDigit) && (text.Length == 1 || text[0] != '0');

    private bool AppendComponent(StringBuilder builder)
    {
        var token = Current;
        if (token.Kind == SqlTokenKind.QuotedIdentifier)
        {
            if (token.Value.Length == 0 || token.Value.Contains('.', StringComparison.Ordinal) || token.Value.StartsWith('$'))
            {
                Fail("a quoted field name must not be empty, contain '.', or start with '$'", token);
                return false;
            }

            builder.Append(token.Value);
        }
        else if (token.Kind == SqlTokenKind.Identifier)
        {
            if (token.Text.StartsWith('$'))
            {
                // MQL reads a leading '$' as an operator, so such a path could not round-trip.
                Fail("a field name must not start with '$'", token);
                return false;
            }

            builder.Append(token.Text);
        }
        else
        {
            Expected("a field name");
            return false;
        }

        _position++;
        return true;
    }

    private FilterNode? ParseComparison(string path)
    {
        var token = Current;
        if (token.Kind == SqlTokenKind.Symbol && token.Text is "=" or "!=" or "<>" or "<" or "<=" or ">" or ">=")
        {
            _position++;
            var value = ParseLiteral();
            if (value is null)
            {
                return null;
            }

            return token.Text switch
            {
                "=" => new FieldNode(path, new ComparisonPredicate(ComparisonOperator.Eq, value)),
                "!=" or "<>" => new FieldNode(path, new NotPredicate(new ComparisonPredicate(ComparisonOperator.Eq, value), NotStyle.Ne)),
                "<" => new FieldNode(path, new ComparisonPredicate(ComparisonOperator.Lt, value)),
                "<=" => new FieldNode(path, new ComparisonPredicate(ComparisonOperator.Lte, value)),
                ">" => new FieldNode(path, new ComparisonPredicate(ComparisonOperator.Gt, value)),
                _ => new FieldNode(path, new ComparisonPredicate(ComparisonOperator.Gte, value)),
            };
        }

        if (token.IsKeyword("IS"))
        {
            _position++;
            var negated = false;
            if (Current.IsKeyword("NOT"))
            {
                negated = true;
                _position++;
            }

            if (!Current.IsKeyword("NULL"))
            {
                return Expected("NULL");
            }

            _position++;
            var isNull = new ComparisonPredicate(ComparisonOperator.Eq, BsonNull.Value);
            return new FieldNode(path, negated ? new NotPredicate(isNull, NotStyle.Ne) : isNull);
        }

        var not = false;
        if (token.IsKeyword("NOT"))
        {
            not = true;
            _position++;
        }

        FilterNode? node;
        if (Current.IsKeyword("IN"))
        {
            node = ParseIn(path);
        }
        else if (Current.IsKeyword("BETWEEN"))
        {
            node = ParseBetween(path);
        }
        else if (Current.IsKeyword("LIKE") || Current.IsKeyword("ILIKE"))
        {
            node = ParseLike(path);
        }
        else
        {
            return Expected(not ? "IN, BETWEEN, LIKE or ILIKE after NOT" : "a comparison operator (=, !=, <>, <, <=, >, >=, IN, BETWEEN, LIKE, ILIKE, IS)");
        }

        return node is null ? null : not ? Negate(node) : node;
    }

    private FilterNode? ParseIn(string path)
    {
        _position++;
        if (!Current.IsSymbol("("))
        {
            return Expected("'(' after IN");
        }

        var start = Current;
        _position++;
        var values = new List<BsonValue>();
        while (true)
        {
            var value = ParseLiteral();
            if (value is null)
            {
                return null;
            }

            values.Add(value);
            if (Current.IsSymbol(","))
            {
                _position++;
                continue;
            }

            if (Current.IsSymbol(")"))
            {
                _position++;
                break;
            }

            return Expected("',' or ')'");
        }

        if (values.Count > _limits.MaxInSize)
        {
            Fail($"IN has {values.Count} values, more than the limit of {_limits.MaxInSize}", start);
            return null;
        }

        return new FieldNode(path, new InPredicate(values, []));
    }

    private FilterNode? ParseBetween(string path)
    {
        _position++;
        var low = ParseLiteral();
        if (low is null)
        {
            return null;
        }

        if (!Current.IsKeyword("AND"))
        {
            return Expected("AND in BETWEEN ... AND ...");
        }

        _position++;
        var high = ParseLiteral();
        if (high is null)
        {
            return null;
        }

        return new AndNode(
        [
            new FieldNode(path, new ComparisonPredicate(ComparisonOperator.Gte, low)),
            new FieldNode(path, new ComparisonPredicate(ComparisonOperator.Lte, high)),
        ]);
    }

    private FilterNode? ParseLike(string path)
    {
        var caseInsensitive = Current.IsKeyword("ILIKE");
        _position++;
        var patternToken = Current;
        if (patternToken.Kind != SqlTokenKind.String)
        {
            return Expected("a quoted pattern after LIKE");
        }

        _position++;
        var escape = '\\';
        if (Current.IsKeyword("ESCAPE"))
        {
            _position++;
            if (Current.Kind != SqlTokenKind.String || Current.Value.Length != 1)
            {
                return Expected("a one-character string after ESCAPE");
            }

            escape = Current.Value[0];
            _position++;
        }

        var regex = LikePattern.ToRegex(patternToken.Value, escape);
        var options = caseInsensitive ? "is" : "s";
        if (!RegexFactory.TryCreate(regex, options, _limits, path, out var predicate, out var error))
        {
            FailValue(error!, patternToken);
            return null;
        }

        return new FieldNode(path, predicate!);
    }
}
