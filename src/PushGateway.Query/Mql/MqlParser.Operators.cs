using MongoDB.Bson;
using PushGateway.Query.Ast;

namespace PushGateway.Query.Mql;

/// <summary>The operators of an operator document (<c>{$gt: 1, $lt: 5}</c>).</summary>
internal sealed partial class MqlParser
{
    private List<PredicateNode>? ParseOperators(BsonDocument operators, string location, int depth, bool elementContext)
    {
        if (depth > limits.MaxDepth)
        {
            Fail(QueryErrorCodes.BadValueError($"exceeded maximum query tree depth of {limits.MaxDepth}", location));
            return null;
        }

        var result = new List<PredicateNode>(operators.ElementCount);
        BsonValue? regexValue = null;
        BsonValue? optionsValue = null;
        foreach (var element in operators)
        {
            switch (element.Name)
            {
                case "$regex":
                    regexValue = element.Value;
                    continue;
                case "$options":
                    optionsValue = element.Value;
                    continue;
            }

            var predicate = ParseOperator(element.Name, element.Value, location + "." + element.Name, depth, elementContext);
            if (predicate is null)
            {
                return null;
            }

            result.Add(predicate);
        }

        if (regexValue is not null || optionsValue is not null)
        {
            var predicate = ParseRegexOperator(regexValue, optionsValue, location);
            if (predicate is null)
            {
                return null;
            }

            result.Add(predicate);
        }

        return result;
    }

    private PredicateNode? ParseRegexOperator(BsonValue? regexValue, BsonValue? optionsValue, string location)
    {
        if (regexValue is null)
        {
            Fail(QueryErrorCodes.BadValueError("$options needs a $regex", location + ".$options"));
            return null;
        }

        string options = string.Empty;
        if (optionsValue is not null)
        {
            if (optionsValue is not BsonString optionsString)
            {
                Fail(QueryErrorCodes.BadValueError("$options has to be a string", location + ".$options"));
                return null;
            }

            options = optionsString.Value;
        }

        switch (regexValue)
        {
            case BsonString pattern:
                return ParseRegex(pattern.Value, options, location + ".$regex");
            case BsonRegularExpression regex:
                if (optionsValue is not null && regex.Options.Length > 0)
                {
                    Fail(QueryErrorCodes.Location(51075, "options set in both $regex and $options", location + ".$regex"));
                    return null;
                }

                return ParseRegex(regex.Pattern, optionsValue is null ? regex.Options : options, location + ".$regex");
            default:
                Fail(QueryErrorCodes.BadValueError("$regex has to be a string", location + ".$regex"));
                return null;
        }
    }

    private RegexPredicate? ParseRegex(string pattern, string options, string location)
    {
        if (!RegexFactory.TryCreate(pattern, options, limits, location, out var regex, out var error))
        {
            Fail(error!);
            return null;
        }

        return regex;
    }

    private PredicateNode? ParseOperator(string name, BsonValue value, string location, int depth, bool elementContext)
    {
        if (!CountClause(location))
        {
            return null;
        }

        switch (name)
        {
            case "$eq":
                return new ComparisonPredicate(ComparisonOperator.Eq, value);
            case "$gt":
                return new ComparisonPredicate(ComparisonOperator.Gt, value);
            case "$gte":
                return new ComparisonPredicate(ComparisonOperator.Gte, value);
            case "$lt":
                return new ComparisonPredicate(ComparisonOperator.Lt, value);
            case "$lte":
                return new ComparisonPredicate(ComparisonOperator.Lte, value);
            case "$ne":
                if (value is BsonRegularExpression)
                {
                    Fail(QueryErrorCodes.BadValueError("Can't have regex as arg to $ne.", location));
                    return null;
                }

                return new NotPredicate(new ComparisonPredicate(ComparisonOperator.Eq, value), NotStyle.Ne);
            case "$in":
                return ParseIn(value, location, "$in");
            case "$nin":
                var inPredicate = ParseIn(value, location, "$nin");
                return inPredicate is null ? null : new NotPredicate(inPredicate, NotStyle.Nin);
            case "$exists":
                return value.ToBoolean() ? ExistsPredicate.Instance : new NotPredicate(ExistsPredicate.Instance, NotStyle.ExistsFalse);
            case "$type":
                return ParseType(value, location);
            case "$size":
                return ParseSize(value, location);
            case "$mod":
                return ParseMod(value, location);
            case "$all":
                return ParseAll(value, location, depth);
            case "$elemMatch":
                return ParseElemMatch(value, location, depth);
            case "$not":
                return ParseNot(value, location, depth, elementContext);
            default:
                Fail(UnsupportedFieldOperators.Contains(name)
                    ? QueryErrorCodes.BadValueError($"unsupported operator: {name} is not supported by this query engine", location)
                    : QueryErrorCodes.BadValueError($"unknown operator: {name}", location));
                return null;
        }
    }
}
