using MongoDB.Bson;

namespace PushGateway.EmbeddedMongo.Storage;

/// <summary>Dotted-path access for update operators and index keys (numeric segments index arrays).</summary>
internal static class DocPath
{
    /// <summary>The value at a dotted path without array expansion, or null when absent.</summary>
    public static BsonValue? Get(BsonDocument doc, string path)
    {
        if (!path.Contains('.', StringComparison.Ordinal))
        {
            return doc.TryGetValue(path, out var field) ? field : null;
        }

        BsonValue current = doc;
        foreach (var part in path.Split('.'))
        {
            switch (current)
            {
                case BsonDocument d when d.TryGetValue(part, out var next):
                    current = next;
                    break;
                case BsonArray a when int.TryParse(part, out var i) && i >= 0 && i < a.Count:
                    current = a[i];
                    break;
                default:
                    return null;
            }
        }

        return current;
    }

    /// <summary>All values at a path, expanding arrays along the way (multikey semantics).</summary>
    public static List<BsonValue> GetAll(BsonDocument doc, string path)
    {
        var results = new List<BsonValue>();
        Collect(doc, path.Split('.'), 0, results);
        return results;
    }

    private static void Collect(BsonValue current, string[] parts, int index, List<BsonValue> results)
    {
        if (index == parts.Length)
        {
            if (current is BsonArray leaf)
            {
                results.AddRange(leaf);
                if (leaf.Count == 0)
                {
                    results.Add(BsonUndefined.Value);
                }
            }
            else
            {
                results.Add(current);
            }

            return;
        }

        switch (current)
        {
            case BsonDocument d:
                if (d.TryGetValue(parts[index], out var next))
                {
                    Collect(next, parts, index + 1, results);
                }

                break;
            case BsonArray a:
                if (int.TryParse(parts[index], out var i) && i >= 0 && i < a.Count)
                {
                    Collect(a[i], parts, index + 1, results);
                }
                else
                {
                    foreach (var element in a)
                    {
                        if (element is BsonDocument)
                        {
                            Collect(element, parts, index, results);
                        }
                    }
                }

                break;
        }
    }

    /// <summary>
    /// Finds the container of the last segment, creating intermediate documents when <paramref name="create"/>.
    /// Fails with mongod's error when an intermediate value is not traversable.
    /// </summary>
    public static BsonValue? GetParent(BsonDocument doc, string path, bool create, out string last)
    {
        if (!path.Contains('.', StringComparison.Ordinal))
        {
            // A top-level field (the usual update): its parent is the document, nothing to split.
            last = path;
            return doc;
        }

        var parts = path.Split('.');
        last = parts[^1];
        BsonValue current = doc;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            var part = parts[i];
            switch (current)
            {
                case BsonDocument d:
                    if (d.TryGetValue(part, out var next) && !next.IsBsonNull)
                    {
                        current = next;
                    }
                    else if (d.Contains(part) && !create)
                    {
                        return null;
                    }
                    else if (create)
                    {
                        if (d.Contains(part))
                        {
                            throw new Commands.MongoErrorException(28, "PathNotViable", $"Cannot create field '{parts[i + 1]}' in element {{{part}: null}}");
                        }

                        var created = new BsonDocument();
                        d[part] = created;
                        current = created;
                    }
                    else
                    {
                        return null;
                    }

                    break;
                case BsonArray a when int.TryParse(part, out var idx) && idx >= 0:
                    if (idx < a.Count)
                    {
                        current = a[idx];
                    }
                    else if (create)
                    {
                        while (a.Count < idx)
                        {
                            a.Add(BsonNull.Value);
                        }

                        var created = new BsonDocument();
                        a.Add(created);
                        current = created;
                    }
                    else
                    {
                        return null;
                    }

                    break;
                default:
                    if (create)
                    {
                        throw new Commands.MongoErrorException(28, "PathNotViable", $"Cannot create field '{parts[i + 1]}' in element {{{part}: {current.ToJson()}}}");
                    }

                    return null;
            }
        }

        return current;
    }

    /// <summary>Sets a value, creating intermediate documents (array slots padded with null).</summary>
    public static void Set(BsonDocument doc, string path, BsonValue value)
    {
        var parent = GetParent(doc, path, true, out var last);
        switch (parent)
        {
            case BsonDocument d:
                PushGateway.Query.Bson.ExactDocuments.Set(d, last, value);
                break;
            case BsonArray a when int.TryParse(last, out var idx) && idx >= 0:
                while (a.Count <= idx)
                {
                    a.Add(BsonNull.Value);
                }

                a[idx] = value;
                break;
            default:
                throw new Commands.MongoErrorException(28, "PathNotViable", $"Cannot create field '{last}' in element {parent?.ToJson()}");
        }
    }

    /// <summary>Removes a field (array elements become null, like mongod's $unset).</summary>
    public static bool Unset(BsonDocument doc, string path)
    {
        var parent = GetParent(doc, path, false, out var last);
        switch (parent)
        {
            case BsonDocument d when d.Contains(last):
                d.Remove(last);
                return true;
            case BsonArray a when int.TryParse(last, out var idx) && idx >= 0 && idx < a.Count:
                a[idx] = BsonNull.Value;
                return true;
            default:
                return false;
        }
    }
}
