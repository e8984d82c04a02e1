using MongoDB.Bson;
using PushGateway.Query.Ast;

namespace PushGateway.Query.Indexing;

/// <summary>Finds the conjuncts of a filter that a hash look-up can answer exactly.</summary>
internal static class IndexedConditionFinder
{
    public static List<IndexedCondition> Find(FilterNode root)
    {
        var result = new List<IndexedCondition>();
        var conjuncts = root is AndNode and ? and.Children : [root];
        foreach (var conjunct in conjuncts)
        {
            if (conjunct is not FieldNode field)
            {
                continue;
            }

            switch (field.Predicate)
            {
                case ComparisonPredicate { Operator: ComparisonOperator.Eq } eq when IsHashable(eq.Value):
                    result.Add(new IndexedCondition(field.Path, [eq.Value]));
                    break;
                case InPredicate { Regexes.Count: 0 } @in when @in.Values.Count > 0 && @in.Values.All(IsHashable):
                    result.Add(new IndexedCondition(field.Path, [.. @in.Values.Distinct(BsonValueComparer.Instance)]));
                    break;
            }
        }

        return result;
    }

    // Equality to null (or undefined) also matches missing fields, which a look-up of present values cannot see.
    private static bool IsHashable(BsonValue value) => value.BsonType is not (BsonType.Null or BsonType.Undefined);
}
