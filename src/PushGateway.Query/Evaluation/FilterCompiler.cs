using PushGateway.Query.Ast;

namespace PushGateway.Query.Evaluation;

/// <summary>Turns the filter tree into matcher objects: paths split once, <c>$in</c> sets hashed, regexes already compiled by the parser.</summary>
internal static class FilterCompiler
{
    public static DocumentMatcher Compile(FilterNode node)
    {
        switch (node)
        {
            case AndNode and:
            {
                var children = new List<DocumentMatcher>(and.Children.Count);
                foreach (var child in and.Children.OrderBy(EvaluationCost.Of))
                {
                    var compiled = Compile(child);
                    if (compiled == ConstantMatcher.False)
                    {
                        return ConstantMatcher.False;
                    }

                    if (compiled != ConstantMatcher.True)
                    {
                        children.Add(compiled);
                    }
                }

                return children.Count switch
                {
                    0 => ConstantMatcher.True,
                    1 => children[0],
                    _ => new AndMatcher([.. children]),
                };
            }

            case OrNode or:
            {
                var ordered = or.Children.OrderBy(EvaluationCost.Of).ToArray();
                var children = new DocumentMatcher[ordered.Length];
                for (var i = 0; i < children.Length; i++)
                {
                    children[i] = Compile(ordered[i]);
                }

                DocumentMatcher result = children.Length == 1 ? children[0] : new OrMatcher(children);
                return or.Negated ? new NotMatcher(result) : result;
            }

            case ConstantNode constant:
                return constant.Value ? ConstantMatcher.True : ConstantMatcher.False;
            case FieldNode field:
                return CompileField(new FieldPath(field.Path), field.Predicate);
            case ChangedNode changed:
                return new ChangedMatcher(changed.Path);
            default:
                throw new InvalidOperationException("Unknown filter node " + node.GetType().Name);
        }
    }

    /// <summary>A predicate on a path: negations and conjunctions apply to whole path evaluations.</summary>
    private static DocumentMatcher CompileField(FieldPath path, PredicateNode predicate)
    {
        switch (predicate)
        {
            case NotPredicate not:
                return new NotMatcher(CompileField(path, not.Inner));
            case AndPredicate and:
                return Conjunction(path, and.Predicates);
            case AllPredicate all:
                return all.Items.Count == 0 ? ConstantMatcher.False : Conjunction(path, all.Items);
            default:
                return new PathMatcher(path, CompileValue(predicate));
        }
    }

    private static DocumentMatcher Conjunction(FieldPath path, IReadOnlyList<PredicateNode> predicates)
    {
        if (predicates.Count == 1)
        {
            return CompileField(path, predicates[0]);
        }

        var children = new DocumentMatcher[predicates.Count];
        for (var i = 0; i < children.Length; i++)
        {
            children[i] = CompileField(path, predicates[i]);
        }

        return new AndMatcher(children);
    }

    /// <summary>A predicate on one value (mongo's matchesSingleElement).</summary>
    public static ValuePredicate CompileValue(PredicateNode predicate)
    {
        switch (predicate)
        {
            case ComparisonPredicate comparison:
                return new ComparisonValuePredicate(comparison.Operator, comparison.Value);
            case InPredicate @in:
                return new InValuePredicate(@in.Values, [.. @in.Regexes.Select(r => new RegexValuePredicate(r))]);
            case RegexPredicate regex:
                return new RegexValuePredicate(regex);
            case ExistsPredicate:
                return ExistsValuePredicate.Instance;
            case TypePredicate type:
                return new TypeValuePredicate(type.Types, type.Number);
            case SizePredicate size:
                return new SizeValuePredicate(size.Size);
            case ModPredicate mod:
                return new ModValuePredicate(mod.Divisor, mod.Remainder);
            case ElemMatchObjectPredicate elemMatch:
                return new ElemMatchObjectValuePredicate(Compile(elemMatch.Filter));
            case ElemMatchValuePredicate elemMatch:
                return new ElemMatchValueValuePredicate(AllOf(elemMatch.Predicates));
            case NotPredicate not:
                return new NotValuePredicate(CompileValue(not.Inner));
            case AndPredicate and:
                return AllOf(and.Predicates);
            case AllPredicate all:
                return all.Items.Count == 0 ? new NotValuePredicate(ExistsValuePredicate.Instance) : AllOf(all.Items);
            default:
                throw new InvalidOperationException("Unknown predicate " + predicate.GetType().Name);
        }
    }

    private static ValuePredicate AllOf(IReadOnlyList<PredicateNode> predicates)
    {
        if (predicates.Count == 1)
        {
            return CompileValue(predicates[0]);
        }

        var compiled = new ValuePredicate[predicates.Count];
        for (var i = 0; i < compiled.Length; i++)
        {
            compiled[i] = CompileValue(predicates[i]);
        }

        return new AllOfValuePredicate(compiled);
    }
}
