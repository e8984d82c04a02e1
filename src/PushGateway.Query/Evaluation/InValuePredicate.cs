using MongoDB.Bson;

namespace PushGateway.Query.Evaluation;

/// <summary><c>$in</c> with its values pre-hashed by the numeric-aware comparer; regex elements are tried after the hash look-up.</summary>
internal sealed class InValuePredicate : ValuePredicate
{
    private readonly HashSet<BsonValue> _values;
    private readonly RegexValuePredicate[] _regexes;
    private readonly bool _hasNull;

    public InValuePredicate(IEnumerable<BsonValue> values, RegexValuePredicate[] regexes)
    {
        _values = new HashSet<BsonValue>(values, BsonValueComparer.Instance);
        _regexes = regexes;
        _hasNull = _values.Contains(BsonNull.Value);
    }

    public IReadOnlySet<BsonValue> Values => _values;

    public bool HasRegexes => _regexes.Length > 0;

    public override bool MatchesMissing() => _hasNull;

    public override bool Matches(BsonValue value)
    {
        if (_values.Contains(value))
        {
            return true;
        }

        foreach (var regex in _regexes)
        {
            if (regex.Matches(value))
            {
                return true;
            }
        }

        return false;
    }
}
