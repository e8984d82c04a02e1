using MongoDB.Bson;

namespace PushGateway.EmbeddedMongo.Aggregation;

/// <summary>
/// The keys an input document offers to <c>$lookup</c>'s equality join: the values at <c>localField</c>,
/// traversing arrays of documents along the path and spreading an array found at the end one level
/// (so a local <c>[[]]</c> offers <c>[]</c>, a local <c>[]</c> offers nothing). No key at all joins as
/// <c>null</c>, as mongod treats a missing local field.
/// </summary>
internal static class LookupKeys
{
    public static List<BsonValue> Of(BsonDocument doc, string path)
    {
        var keys = new List<BsonValue>();
        Collect(doc, path.Split('.'), 0, keys);
        if (keys.Count == 0)
        {
            keys.Add(BsonNull.Value);
        }

        return keys;
    }

    /// <summary>The foreign-side query: <c>{foreignField: {$eq: key}}</c> for any key (query semantics, regexes compared as values).</summary>
    public static BsonDocument ForeignFilter(string foreignField, List<BsonValue> keys) =>
        new("$or", new BsonArray(keys.Select(k => new BsonDocument(foreignField, new BsonDocument("$eq", k)))));

    private static void Collect(BsonValue current, string[] parts, int index, List<BsonValue> keys)
    {
        if (index == parts.Length)
        {
            if (current is BsonArray leaf)
            {
                keys.AddRange(leaf);
            }
            else
            {
                keys.Add(current);
            }

            return;
        }

        switch (current)
        {
            case BsonDocument d when d.TryGetValue(parts[index], out var next):
                Collect(next, parts, index + 1, keys);
                break;
            case BsonArray a:
                if (int.TryParse(parts[index], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var i) && i < a.Count)
                {
                    Collect(a[i], parts, index + 1, keys);
                }

                foreach (var element in a.OfType<BsonDocument>())
                {
                    Collect(element, parts, index, keys);
                }

                break;
        }
    }
}
