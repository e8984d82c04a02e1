using MongoDB.Bson;
using PushGateway.EmbeddedMongo.Commands;
using PushGateway.Query;

namespace PushGateway.EmbeddedMongo.Updates;

/// <summary>
/// Parses and checks an update's <c>arrayFilters</c> before any document is looked at, as mongod does:
/// each entry is a query on exactly one identifier (a top-level <c>$and</c>/<c>$or</c>/<c>$nor</c> may hold
/// it), identifiers are unique, every filter is used by some <c>$[identifier]</c> and every
/// <c>$[identifier]</c> has a filter.
/// </summary>
internal static class ArrayFilters
{
    public static Dictionary<string, Filter> Parse(BsonValue? specs)
    {
        var filters = new Dictionary<string, Filter>(StringComparer.Ordinal);
        if (specs is null || specs.IsBsonNull)
        {
            return filters;
        }

        if (specs is not BsonArray list)
        {
            throw new MongoErrorException(14, "TypeMismatch", $"BSON field 'arrayFilters' is the wrong type '{UpdateValidation.TypeName(specs)}', expected type 'array'");
        }

        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is not BsonDocument doc)
            {
                throw new MongoErrorException(14, "TypeMismatch", $"BSON field 'arrayFilters.{i}' is the wrong type '{UpdateValidation.TypeName(list[i])}', expected type 'object'");
            }

            var identifier = Identifier(doc);
            if (filters.ContainsKey(identifier))
            {
                throw new MongoErrorException(9, "FailedToParse", $"Found multiple array filters with the same top-level field name {identifier}");
            }

            filters[identifier] = QueryAdapter.ParseFilter(doc);
        }

        return filters;
    }

    /// <summary>Every filter must be used and every <c>$[identifier]</c> in <paramref name="paths"/> must have one.</summary>
    public static void CheckUsage(Dictionary<string, Filter> filters, ReadOnlySpan<string> paths, BsonValue update)
    {
        foreach (var path in paths)
        {
            // Only a path holding "$[" can name an identifier; the usual path has none and is not split.
            if (!path.Contains("$[", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var part in path.Split('.'))
            {
                if (part.StartsWith("$[", StringComparison.Ordinal) && part.EndsWith(']') && part.Length > 3 && !filters.ContainsKey(part[2..^1]))
                {
                    throw new MongoErrorException(2, "BadValue", $"No array filter found for identifier '{part[2..^1]}' in path '{path}'");
                }
            }
        }

        foreach (var identifier in filters.Keys)
        {
            if (!IsUsed(paths, "$[" + identifier + "]"))
            {
                throw new MongoErrorException(9, "FailedToParse", $"The array filter for identifier '{identifier}' was not used in the update {update.ToJson()}");
            }
        }
    }

    private static bool IsUsed(ReadOnlySpan<string> paths, string part)
    {
        foreach (var path in paths)
        {
            if (path.Split('.').Contains(part, StringComparer.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static string Identifier(BsonDocument filter)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        CollectNames(filter, names);
        if (names.Count == 0)
        {
            throw new MongoErrorException(9, "FailedToParse", "Cannot use an expression without a top-level field name in arrayFilters");
        }

        if (names.Count > 1)
        {
            var two = names.Take(2).ToArray();
            throw new MongoErrorException(9, "FailedToParse", $"Error parsing array filter :: caused by :: Expected a single top-level field name, found '{two[0]}' and '{two[1]}'");
        }

        var identifier = names.First();
        if (identifier.Length == 0 || !char.IsAsciiLetterLower(identifier[0]) || !identifier.All(char.IsAsciiLetterOrDigit))
        {
            throw new MongoErrorException(2, "BadValue", $"Error parsing array filter :: caused by :: The top-level field name must be an alphanumeric string beginning with a lowercase letter, found '{identifier}'");
        }

        return identifier;
    }

    private static void CollectNames(BsonDocument filter, HashSet<string> names)
    {
        foreach (var element in filter)
        {
            if (element.Name is "$and" or "$or" or "$nor" && element.Value is BsonArray clauses)
            {
                foreach (var clause in clauses.OfType<BsonDocument>())
                {
                    CollectNames(clause, names);
                }
            }
            else if (!element.Name.StartsWith('$'))
            {
                names.Add(element.Name.Split('.')[0]);
            }
        }
    }
}
