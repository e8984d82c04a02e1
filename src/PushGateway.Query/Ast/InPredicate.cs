using MongoDB.Bson;

namespace PushGateway.Query.Ast;

/// <summary><c>$in</c>: equality with any listed value; regex elements match strings by pattern.</summary>
internal sealed class InPredicate(IReadOnlyList<BsonValue> values, IReadOnlyList<RegexPredicate> regexes) : PredicateNode
{
    public IReadOnlyList<BsonValue> Values { get; } = values;

    public IReadOnlyList<RegexPredicate> Regexes { get; } = regexes;

    public override void WriteTo(BsonDocument operators)
    {
        var array = new BsonArray(Values);
        foreach (var regex in Regexes)
        {
            array.Add(new BsonRegularExpression(regex.Pattern, regex.Options));
        }

        operators.Add("$in", array);
    }
}
