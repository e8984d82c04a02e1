using MongoDB.Bson;
using PushGateway.Query.Ast;

namespace PushGateway.Query.Mql;

/// <summary>
/// Parses an MQL filter document into the filter tree with mongod's rules and error messages.
/// Methods return null after recording the first error in <see cref="Error"/>.
/// </summary>
internal sealed partial class MqlParser(QueryLimits limits)
{
    private static readonly HashSet<string> UnsupportedTopLevel = new(StringComparer.Ordinal)
    {
        "$where", "$text", "$expr", "$jsonSchema", "$sampleRate", "$search", "$atomic", "$isolated",
    };

    private static readonly HashSet<string> UnsupportedFieldOperators = new(StringComparer.Ordinal)
    {
        "$near", "$nearSphere", "$geoWithin", "$geoIntersects", "$within", "$box", "$center", "$centerSphere",
        "$polygon", "$geometry", "$maxDistance", "$minDistance", "$bitsAllSet", "$bitsAllClear",
        "$bitsAnySet", "$bitsAnyClear", "$text", "$where", "$expr", "$jsonSchema",
    };

    private int _clauses;

    public QueryError? Error { get; private set; }

    public FilterNode? Parse(BsonDocument filter) => ParseDocument(filter, string.Empty, 0);

    private FilterNode? Fail(QueryError error)
    {
        Error ??= error;
        return null;
    }

    private static string Join(string prefix, string name) => prefix.Length == 0 ? name : prefix + "." + name;

    private bool CountClause(string path)
    {
        if (++_clauses > limits.MaxClauses)
        {
            Fail(QueryErrorCodes.BadValueError($"filter has more than {limits.MaxClauses} clauses", path));
            return false;
        }

        return true;
    }

    private FilterNode? ParseDocument(BsonDocument filter, string location, int depth)
    {
        if (depth > limits.MaxDepth)
        {
            return Fail(QueryErrorCodes.BadValueError($"exceeded maximum query tree depth of {limits.MaxDepth}", location));
        }

        var children = new List<FilterNode>(filter.ElementCount);
        foreach (var element in filter)
        {
            var name = element.Name;
            var here = Join(location, name);
            FilterNode? child;
            if (name.StartsWith('$'))
            {
                switch (name)
                {
                    case "$and":
                    case "$or":
                    case "$nor":
                        child = ParseLogical(name, element.Value, here, depth);
                        break;
                    case "$comment":
                        continue;
                    case "$changed":
                        if (element.Value is not BsonString changedPath || changedPath.Value.Length == 0)
                        {
                            return Fail(QueryErrorCodes.BadValueError("$changed needs a non-empty field path string", here));
                        }

                        child = new ChangedNode(changedPath.Value);
                        break;
                    case "$alwaysTrue":
                    case "$alwaysFalse":
                        if (!element.Value.IsNumeric || element.Value.ToDouble() != 1)
                        {
                            return Fail(QueryErrorCodes.FailedToParseError($"{name} must be an integer value of 1", here));
                        }

                        child = new ConstantNode(name == "$alwaysTrue");
                        break;
                    default:
                        return Fail(UnsupportedTopLevel.Contains(name)
                            ? QueryErrorCodes.BadValueError($"unsupported operator: {name} is not supported by this query engine", here)
                            : QueryErrorCodes.BadValueError($"unknown top level operator: {name}", here));
                }
            }
            else
            {
                child = ParseField(name, element.Value, here, depth);
            }

            if (child is null)
            {
                return null;
            }

            if (child is AndNode and)
            {
                children.AddRange(and.Children);
            }
            else
            {
                children.Add(child);
            }
        }

        return children.Count == 1 ? children[0] : new AndNode(children);
    }

    private FilterNode? ParseLogical(string name, BsonValue value, string location, int depth)
    {
        if (value is not BsonArray array || array.Count == 0)
        {
            return Fail(QueryErrorCodes.BadValueError("$and/$or/$nor must be a nonempty array", location));
        }

        var children = new List<FilterNode>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not BsonDocument document)
            {
                return Fail(QueryErrorCodes.BadValueError("$or/$and/$nor entries need to be full objects", location + "." + i));
            }

            var child = ParseDocument(document, location + "." + i, depth + 1);
            if (child is null)
            {
                return null;
            }

            children.Add(child);
        }

        return name switch
        {
            "$and" => new AndNode(children),
            "$or" => new OrNode(children, negated: false),
            _ => new OrNode(children, negated: true),
        };
    }

    private FilterNode? ParseField(string path, BsonValue value, string location, int depth)
    {
        if (path.Length == 0 || path.StartsWith('.') || path.EndsWith('.') || path.Contains("..", StringComparison.Ordinal))
        {
            return Fail(QueryErrorCodes.BadValueError($"invalid field path '{path}'", location));
        }

        if (!CountClause(location))
        {
            return null;
        }

        if (value is BsonRegularExpression regex)
        {
            var predicate = ParseRegex(regex.Pattern, regex.Options, location);
            return predicate is null ? null : new FieldNode(path, predicate);
        }

        if (IsOperatorDocument(value))
        {
            var predicates = ParseOperators(value.AsBsonDocument, location, depth + 1, elementContext: false);
            if (predicates is null)
            {
                return null;
            }

            // {a: {$gt: 1, $lt: 5}} is an AND of independent path evaluations: different array
            // elements may satisfy different operators.
            if (predicates.Count == 1)
            {
                return new FieldNode(path, predicates[0]);
            }

            var fields = new List<FilterNode>(predicates.Count);
            foreach (var predicate in predicates)
            {
                fields.Add(new FieldNode(path, predicate));
            }

            return new AndNode(fields);
        }

        return new FieldNode(path, new ComparisonPredicate(ComparisonOperator.Eq, value));
    }

    /// <summary>mongo's isExpressionDocument: a non-empty document whose first key starts with '$' and that is not a DBRef.</summary>
    private static bool IsOperatorDocument(BsonValue value)
    {
        if (value is not BsonDocument document || document.ElementCount == 0)
        {
            return false;
        }

        var first = document.GetElement(0).Name;
        return first.StartsWith('$') && first != "$ref" && first != "$id" && first != "$db";
    }
}
