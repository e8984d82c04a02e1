using MongoDB.Bson;
using PushGateway.Query.Ast;

namespace PushGateway.Query.Mql;

/// <summary>Operators with nested conditions: <c>$all</c>, <c>$elemMatch</c>, <c>$not</c>.</summary>
internal sealed partial class MqlParser
{
    private AllPredicate? ParseAll(BsonValue value, string location, int depth)
    {
        if (value is not BsonArray array)
        {
            Fail(QueryErrorCodes.BadValueError("$all needs an array", location));
            return null;
        }

        if (array.Count > limits.MaxInSize)
        {
            Fail(QueryErrorCodes.BadValueError($"$all has {array.Count} values, more than the limit of {limits.MaxInSize}", location));
            return null;
        }

        var items = new List<PredicateNode>(array.Count);
        var elemMatchForm = array.Count > 0 && IsElemMatchDocument(array[0]);
        for (var i = 0; i < array.Count; i++)
        {
            var item = array[i];
            var here = location + "." + i;
            if (elemMatchForm != IsElemMatchDocument(item))
            {
                Fail(QueryErrorCodes.BadValueError("$all/$elemMatch has to be consistent", here));
                return null;
            }

            PredicateNode? predicate;
            if (elemMatchForm)
            {
                predicate = ParseElemMatch(item.AsBsonDocument["$elemMatch"], here + ".$elemMatch", depth);
            }
            else if (item is BsonRegularExpression regex)
            {
                predicate = ParseRegex(regex.Pattern, regex.Options, here);
            }
            else if (IsOperatorDocument(item))
            {
                Fail(QueryErrorCodes.BadValueError("no $ expressions in $all", here));
                return null;
            }
            else
            {
                predicate = new ComparisonPredicate(ComparisonOperator.Eq, item);
            }

            if (predicate is null)
            {
                return null;
            }

            items.Add(predicate);
        }

        return new AllPredicate(items, array);
    }

    private static bool IsElemMatchDocument(BsonValue value) =>
        value is BsonDocument document && document.ElementCount > 0 && document.GetElement(0).Name == "$elemMatch";

    private PredicateNode? ParseElemMatch(BsonValue value, string location, int depth)
    {
        if (value is not BsonDocument document)
        {
            Fail(QueryErrorCodes.BadValueError("$elemMatch needs an Object", location));
            return null;
        }

        // mongo: the value form applies when the first key is an operator that is not a
        // top-level ($and/$or/$nor/...) one; otherwise the document is a filter on each element.
        var first = document.ElementCount > 0 ? document.GetElement(0).Name : string.Empty;
        var valueForm = first.StartsWith('$') && first is not ("$and" or "$or" or "$nor" or "$where" or "$expr"
            or "$comment" or "$text" or "$jsonSchema" or "$alwaysTrue" or "$alwaysFalse");
        if (valueForm)
        {
            var predicates = ParseOperators(document, location, depth + 1, elementContext: true);
            return predicates is null ? null : new ElemMatchValuePredicate(predicates);
        }

        var filter = ParseDocument(document, location, depth + 1);
        return filter is null ? null : new ElemMatchObjectPredicate(filter);
    }

    private PredicateNode? ParseNot(BsonValue value, string location, int depth, bool elementContext)
    {
        if (value is BsonRegularExpression regex)
        {
            var predicate = ParseRegex(regex.Pattern, regex.Options, location);
            return predicate is null ? null : new NotPredicate(predicate, NotStyle.Not);
        }

        if (value is not BsonDocument document)
        {
            Fail(QueryErrorCodes.BadValueError("$not needs a regex or a document", location));
            return null;
        }

        if (document.ElementCount == 0)
        {
            Fail(QueryErrorCodes.BadValueError("$not cannot be empty", location));
            return null;
        }

        var predicates = ParseOperators(document, location, depth + 1, elementContext);
        if (predicates is null)
        {
            return null;
        }

        return new NotPredicate(predicates.Count == 1 ? predicates[0] : new AndPredicate(predicates), NotStyle.Not);
    }
}
