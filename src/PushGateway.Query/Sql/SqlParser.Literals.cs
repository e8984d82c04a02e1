using System.Globalization;
using MongoDB.Bson;

namespace PushGateway.Query.Sql;

/// <summary>Literals: strings, numbers, booleans, NULL, DATE, TIMESTAMP, OID.</summary>
internal sealed partial class SqlParser
{
    /// <summary>literal := string | ['-'|'+'] number | TRUE | FALSE | NULL | DATE 'yyyy-mm-dd' | TIMESTAMP '...' | OID('hex').</summary>
    private BsonValue? ParseLiteral()
    {
        var token = Current;
        switch (token.Kind)
        {
            case SqlTokenKind.String:
                _position++;
                return new BsonString(token.Value);
            case SqlTokenKind.Number:
                _position++;
                return ParseNumber(token, negative: false);
            case SqlTokenKind.Symbol when (token.Text is "-" or "+") && Peek(1).Kind == SqlTokenKind.Number:
                _position += 2;
                return ParseNumber(Peek(-1), negative: token.Text == "-");
            case SqlTokenKind.Identifier:
                if (token.IsKeyword("TRUE") || token.IsKeyword("FALSE"))
                {
                    _position++;
                    return (BsonBoolean)token.IsKeyword("TRUE");
                }

                if (token.IsKeyword("NULL"))
                {
                    _position++;
                    return BsonNull.Value;
                }

                if ((token.IsKeyword("DATE") || token.IsKeyword("TIMESTAMP")) && Peek(1).Kind == SqlTokenKind.String)
                {
                    return ParseDate(token.IsKeyword("DATE"));
                }

                if (token.IsKeyword("OID") && Peek(1).IsSymbol("("))
                {
                    return ParseObjectId();
                }

                break;
        }

        Expected("a literal (string, number, TRUE, FALSE, NULL, DATE '...', TIMESTAMP '...', OID('...'))");
        return null;
    }

    private BsonValue? ParseNumber(SqlToken token, bool negative)
    {
        var text = negative ? "-" + token.Text : token.Text;
        if (!text.Contains('.', StringComparison.Ordinal) && !text.Contains('e', StringComparison.OrdinalIgnoreCase))
        {
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
            {
                return Int(integer);
            }

            // Integers beyond int64 keep every digit as decimal128 rather than rounding through double.
            return new BsonDecimal128(Decimal128.Parse(text));
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && double.IsFinite(real))
        {
            return new BsonDouble(real);
        }

        Fail($"number {text} is out of range", token);
        return null;
    }

    private BsonValue? ParseDate(bool dateOnly)
    {
        _position++;
        var token = Current;
        _position++;
        var styles = DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal;
        string[] formats = dateOnly
            ? ["yyyy-MM-dd"]
            : ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd HH:mm", "yyyy-MM-dd"];
        if (DateTime.TryParseExact(token.Value, formats, CultureInfo.InvariantCulture, styles, out var value))
        {
            return new BsonDateTime(DateTime.SpecifyKind(value, DateTimeKind.Utc));
        }

        Fail(dateOnly ? $"invalid DATE '{token.Value}': expected 'yyyy-mm-dd'" : $"invalid TIMESTAMP '{token.Value}': expected ISO 8601 such as '2024-05-01T12:30:00Z'", token);
        return null;
    }

    private BsonValue? ParseObjectId()
    {
        _position += 2;
        var token = Current;
        if (token.Kind != SqlTokenKind.String || !ObjectId.TryParse(token.Value, out var id))
        {
            Fail("OID expects a quoted 24-digit hex string", token);
            return null;
        }

        _position++;
        if (!Current.IsSymbol(")"))
        {
            Expected("')'");
            return null;
        }

        _position++;
        return id;
    }
}
