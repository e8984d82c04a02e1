using PushGateway.Query.Ast;

namespace PushGateway.Query.Evaluation;

/// <summary>
/// A rough relative cost of evaluating a node, used to run cheap conjuncts and disjuncts first so
/// that AND/OR short-circuit early (most events fail most subscription filters on a cheap equality).
/// </summary>
internal static class EvaluationCost
{
    public static int Of(FilterNode node) => node switch
    {
        FieldNode field => PathCost(field.Path) + Of(field.Predicate),
        AndNode and => and.Children.Sum(Of),
        OrNode or => or.Children.Sum(Of),
        ChangedNode => 8,
        _ => 0,
    };

    private static int PathCost(string path) => path.Count(c => c == '.') + 1;

    private static int Of(PredicateNode predicate) => predicate switch
    {
        ComparisonPredicate or ExistsPredicate or TypePredicate or SizePredicate => 1,
        ModPredicate => 2,
        InPredicate @in => 2 + (20 * @in.Regexes.Count),
        RegexPredicate => 20,
        NotPredicate not => 1 + Of(not.Inner),
        AndPredicate and => and.Predicates.Sum(Of),
        AllPredicate all => all.Items.Sum(Of),
        ElemMatchValuePredicate elemMatch => 10 + elemMatch.Predicates.Sum(Of),
        ElemMatchObjectPredicate elemMatch => 10 + Of(elemMatch.Filter),
        _ => 5,
    };
}
