using MongoDB.Bson;

namespace PushGateway.Query.Evaluation;

/// <summary>
/// Matches change events whose <c>updateDescription</c> touched a path. The keys of
/// <c>updatedFields</c> (and the entries of <c>removedFields</c>, <c>truncatedArrays</c>) are dotted
/// strings, so a path lookup cannot find them: an update of <c>status.code</c> is stored under the
/// literal key "status.code", which <c>{"updateDescription.updatedFields.status": {$exists: true}}</c> misses.
/// </summary>
internal sealed class ChangedMatcher(string path) : DocumentMatcher
{
    public override bool Matches(BsonDocument document)
    {
        if (!document.TryGetValue("updateDescription", out var value) || value is not BsonDocument description)
        {
            return false;
        }

        if (description.TryGetValue("updatedFields", out var updated) && updated is BsonDocument fields)
        {
            for (var i = 0; i < fields.ElementCount; i++)
            {
                if (Touches(fields.GetElement(i).Name))
                {
                    return true;
                }
            }
        }

        if (description.TryGetValue("removedFields", out var removed) && removed is BsonArray names)
        {
            for (var i = 0; i < names.Count; i++)
            {
                if (names[i] is BsonString name && Touches(name.Value))
                {
                    return true;
                }
            }
        }

        if (description.TryGetValue("truncatedArrays", out var truncated) && truncated is BsonArray arrays)
        {
            for (var i = 0; i < arrays.Count; i++)
            {
                if (arrays[i] is BsonDocument entry && entry.TryGetValue("field", out var field) && field is BsonString name && Touches(name.Value))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="key"/> equals the path, lies below it, or lies above it.</summary>
    private bool Touches(string key)
    {
        if (key.Length == path.Length)
        {
            return string.Equals(key, path, StringComparison.Ordinal);
        }

        var (shorter, longer) = key.Length < path.Length ? (key, path) : (path, key);
        return longer[shorter.Length] == '.' && longer.StartsWith(shorter, StringComparison.Ordinal);
    }
}
