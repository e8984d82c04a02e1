using MongoDB.Bson;
using PushGateway.EmbeddedMongo.Commands;
using PushGateway.Query;

namespace PushGateway.EmbeddedMongo.Updates;

/// <summary>
/// Expands update paths with <c>$</c>, <c>$[]</c> and <c>$[identifier]</c> into concrete paths for one
/// document. Array filters and the positional <c>$</c> are evaluated by the query engine.
/// </summary>
internal sealed class PositionalPaths(Dictionary<string, Filter> arrayFilters, Filter? query)
{
    public List<string> Expand(BsonDocument doc, string path)
    {
        if (!path.Contains('$', StringComparison.Ordinal))
        {
            return [path];
        }

        var results = new List<string>();
        Expand(doc, path.Split('.'), 0, [], results, path);
        return results;
    }

    private void Expand(BsonDocument root, string[] parts, int index, List<string> prefix, List<string> results, string original)
    {
        if (index == parts.Length)
        {
            results.Add(string.Join('.', prefix));
            return;
        }

        var part = parts[index];
        if (part.StartsWith('$') && !UpdateValidation.IsDynamic(part))
        {
            throw new MongoErrorException(52, "DollarPrefixedFieldName", $"The dollar ($) prefixed field '{part}' in '{original}' is not valid for storage.");
        }

        if (!part.StartsWith('$'))
        {
            prefix.Add(part);
            Expand(root, parts, index + 1, prefix, results, original);
            prefix.RemoveAt(prefix.Count - 1);
            return;
        }

        var arrayPath = string.Join('.', prefix);
        if (Storage.DocPath.Get(root, arrayPath) is not BsonArray array)
        {
            throw new MongoErrorException(2, "BadValue", $"The path '{arrayPath}' must exist in the document in order to apply array updates.");
        }

        IEnumerable<int> indexes;
        if (part == "$")
        {
            indexes = [FirstMatchingIndex(root, prefix, array, original)];
        }
        else if (part == "$[]")
        {
            indexes = Enumerable.Range(0, array.Count);
        }
        else if (part.StartsWith("$[", StringComparison.Ordinal) && part.EndsWith(']'))
        {
            var identifier = part[2..^1];
            if (!arrayFilters.TryGetValue(identifier, out var filter))
            {
                throw new MongoErrorException(2, "BadValue", $"No array filter found for identifier '{identifier}' in path '{original}'");
            }

            indexes = Enumerable.Range(0, array.Count).Where(i => filter.Matches(new BsonDocument(identifier, array[i]))).ToList();
        }
        else
        {
            prefix.Add(part);
            Expand(root, parts, index + 1, prefix, results, original);
            prefix.RemoveAt(prefix.Count - 1);
            return;
        }

        foreach (var i in indexes)
        {
            prefix.Add(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Expand(root, parts, index + 1, prefix, results, original);
            prefix.RemoveAt(prefix.Count - 1);
        }
    }

    /// <summary>The array element the query matched: the first whose one-element array still matches.</summary>
    private int FirstMatchingIndex(BsonDocument root, List<string> prefix, BsonArray array, string original)
    {
        if (query is not null)
        {
            var path = string.Join('.', prefix);
            for (var i = 0; i < array.Count; i++)
            {
                var probe = root.DeepClone().AsBsonDocument;
                Storage.DocPath.Set(probe, path, new BsonArray { array[i] });
                if (query.Matches(probe))
                {
                    return i;
                }
            }
        }

        throw new MongoErrorException(2, "BadValue", $"The positional operator did not find the match needed from the query. (path '{original}')");
    }
}
