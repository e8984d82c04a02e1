using MongoDB.Bson;

namespace PushGateway.Query.Ast;

/// <summary>
/// <c>$not</c>, <c>$ne</c>, <c>$nin</c>, <c>$exists: false</c>. On a path it negates the whole path
/// evaluation (so it matches missing fields and means "no element" over arrays).
/// </summary>
internal sealed class NotPredicate(PredicateNode inner, NotStyle style) : PredicateNode
{
    public PredicateNode Inner { get; } = inner;

    public NotStyle Style { get; } = style;

    public override void WriteTo(BsonDocument operators)
    {
        switch (Style)
        {
            case NotStyle.Ne when Inner is ComparisonPredicate eq:
                operators.Add("$ne", eq.Value);
                return;
            case NotStyle.Nin when Inner is InPredicate @in:
                var values = new BsonDocument();
                @in.WriteTo(values);
                operators.Add("$nin", values["$in"]);
                return;
            case NotStyle.ExistsFalse:
                operators.Add("$exists", false);
                return;
            default:
                if (Inner is RegexPredicate regex)
                {
                    operators.Add("$not", new BsonRegularExpression(regex.Pattern, regex.Options));
                    return;
                }

                var inner = new BsonDocument();
                Inner.WriteTo(inner);
                operators.Add("$not", inner);
                return;
        }
    }
}
