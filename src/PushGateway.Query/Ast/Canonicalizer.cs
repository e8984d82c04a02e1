using MongoDB.Bson;
using MongoDB.Bson.IO;

namespace PushGateway.Query.Ast;

/// <summary>
/// Normalises a filter tree so that semantically identical filters written differently (branch
/// order of <c>$and</c>/<c>$or</c>, nested <c>$and</c>, duplicate clauses, SQL vs MQL) share one
/// canonical form and one key.
/// </summary>
internal static class Canonicalizer
{
    // The parser bounds nesting (QueryLimits.MaxJsonDepth, MaxDepth); the writer's default of 100 must not turn a deep
    // but accepted filter into an exception while it is being keyed.
    private static readonly JsonWriterSettings KeySettings = new() { OutputMode = JsonOutputMode.CanonicalExtendedJson, Indent = false, MaxSerializationDepth = 1024 };

    public static string KeyOf(FilterNode node) => node.ToBsonDocument().ToJson(KeySettings);

    public static FilterNode Normalize(FilterNode node)
    {
        switch (node)
        {
            case AndNode and:
            {
                var children = new List<FilterNode>();
                foreach (var child in and.Children)
                {
                    var normalized = Normalize(child);
                    if (normalized is AndNode nested)
                    {
                        children.AddRange(nested.Children);
                    }
                    else if (normalized is ConstantNode { Value: false })
                    {
                        return normalized;
                    }
                    else if (normalized is not ConstantNode { Value: true })
                    {
                        children.Add(normalized);
                    }
                }

                var sorted = SortDistinct(children);
                return sorted.Count == 1 ? sorted[0] : new AndNode(sorted);
            }

            case OrNode or:
            {
                var children = new List<FilterNode>();
                foreach (var child in or.Children)
                {
                    var normalized = Normalize(child);
                    if (normalized is OrNode { Negated: false } nested)
                    {
                        children.AddRange(nested.Children);
                    }
                    else
                    {
                        children.Add(normalized);
                    }
                }

                var sorted = SortDistinct(children);
                return sorted.Count == 1 && !or.Negated ? sorted[0] : new OrNode(sorted, or.Negated);
            }

            case FieldNode { Predicate: ElemMatchObjectPredicate elemMatch } field:
                return new FieldNode(field.Path, new ElemMatchObjectPredicate(Normalize(elemMatch.Filter)));
            case FieldNode field:
                var predicate = NormalizePredicate(field.Predicate);
                return ReferenceEquals(predicate, field.Predicate) ? field : new FieldNode(field.Path, predicate);
            default:
                return node;
        }
    }

    /// <summary>
    /// <c>$in</c> lists are sorted and de-duplicated, and a one-value <c>$in</c> without regexes is
    /// exactly <c>$eq</c> (same hashing comparer, same null handling), so it is written as one.
    /// </summary>
    private static PredicateNode NormalizePredicate(PredicateNode predicate)
    {
        switch (predicate)
        {
            case InPredicate @in:
                var values = @in.Values.Distinct(BsonValueComparer.Instance).Order(BsonValueComparer.Instance).ToList();
                if (values.Count == 1 && @in.Regexes.Count == 0)
                {
                    return new ComparisonPredicate(ComparisonOperator.Eq, values[0]);
                }

                var regexes = @in.Regexes
                    .DistinctBy(r => (r.Pattern, r.Options))
                    .OrderBy(r => r.Pattern, StringComparer.Ordinal)
                    .ThenBy(r => r.Options, StringComparer.Ordinal)
                    .ToList();
                return new InPredicate(values, regexes);
            case NotPredicate not:
                var inner = NormalizePredicate(not.Inner);
                if (ReferenceEquals(inner, not.Inner))
                {
                    return not;
                }

                return new NotPredicate(inner, not.Style == NotStyle.Nin && inner is ComparisonPredicate ? NotStyle.Ne : not.Style);
            default:
                return predicate;
        }
    }

    private static List<FilterNode> SortDistinct(List<FilterNode> children)
    {
        var keyed = new SortedDictionary<string, FilterNode>(StringComparer.Ordinal);
        foreach (var child in children)
        {
            keyed.TryAdd(KeyOf(child), child);
        }

        return [.. keyed.Values];
    }
}
