using System.Text.RegularExpressions;
using MongoDB.Bson;

namespace PushGateway.Query.Evaluation;

/// <summary>
/// Matches strings and symbols by pattern, and regex values by equal pattern and options (mongo's
/// <c>RegexMatchExpression</c>). A pattern that exceeds its match timeout counts as no match: a
/// hostile pattern must not stall the event pipeline.
/// </summary>
internal sealed class RegexValuePredicate(Regex regex, string pattern, string options) : ValuePredicate
{
    public override bool Matches(BsonValue value) => value.BsonType switch
    {
        BsonType.String => SafeIsMatch(value.AsString),
        BsonType.Symbol => SafeIsMatch(value.AsBsonSymbol.Name),
        BsonType.RegularExpression => string.Equals(value.AsBsonRegularExpression.Pattern, pattern, StringComparison.Ordinal)
            && string.Equals(value.AsBsonRegularExpression.Options, options, StringComparison.Ordinal),
        _ => false,
    };

    public bool SafeIsMatch(string input)
    {
        try
        {
            return regex.IsMatch(input);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
