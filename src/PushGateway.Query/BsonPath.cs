using MongoDB.Bson;
using PushGateway.Query.Evaluation;

namespace PushGateway.Query;

/// <summary>Dotted-path helpers with MongoDB's semantics, shared by the matcher and the embedded server.</summary>
public static class BsonPath
{
    /// <summary>Splits <c>"a.b.0"</c> into its components.</summary>
    public static string[] Split(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path.Split('.');
    }

    /// <summary>The array index a path component denotes ("0", "12"; not "01" or "-1"), or null.</summary>
    public static int? TryParseIndex(string component)
    {
        var index = FieldPath.ParseIndex(component);
        return index >= 0 ? index : null;
    }

    /// <summary>
    /// Every value the query matcher would look at for <paramref name="path"/>: arrays on the way are
    /// traversed element by element, and a leaf array yields its elements followed by itself when
    /// <paramref name="expandLeafArrays"/> is true. Returns true when some branch of the path is missing
    /// (which is what makes <c>{path: null}</c> match).
    /// </summary>
    public static bool CollectValues(BsonDocument document, string path, ICollection<BsonValue> values, bool expandLeafArrays = true)
    {
        ArgumentNullException.ThrowIfNull(document);
        var collector = new ValueCollector(values, expandLeafArrays);
        PathWalker.Any(document, new FieldPath(path), collector);
        return collector.SawMissing;
    }

    /// <summary>The values at <paramref name="path"/> as <see cref="CollectValues"/> finds them.</summary>
    public static IReadOnlyList<BsonValue> GetValues(BsonDocument document, string path, bool expandLeafArrays = true)
    {
        var values = new List<BsonValue>();
        CollectValues(document, path, values, expandLeafArrays);
        return values;
    }

    /// <summary>
    /// The single value at <paramref name="path"/> without array traversal: documents are descended
    /// by name, arrays only by a numeric component (the way update operators address a field).
    /// </summary>
    public static bool TryGetValue(BsonDocument document, string path, out BsonValue value)
    {
        ArgumentNullException.ThrowIfNull(document);
        BsonValue current = document;
        foreach (var part in Split(path))
        {
            switch (current)
            {
                case BsonDocument d when d.TryGetValue(part, out var next):
                    current = next;
                    break;
                case BsonArray a when FieldPath.ParseIndex(part) is var i and >= 0 && i < a.Count:
                    current = a[i];
                    break;
                default:
                    value = BsonNull.Value;
                    return false;
            }
        }

        value = current;
        return true;
    }

    /// <summary>
    /// Sets the value at a dotted path the way <c>$set</c> does: missing documents on the way are
    /// created, a numeric component indexes an array (padding it with nulls), and a path that runs
    /// into a scalar, or into an array with a non-numeric component, fails with PathNotViable (28).
    /// </summary>
    public static bool TrySetValue(BsonDocument document, string path, BsonValue value, out QueryError? error)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(value);
        var parts = Split(path);
        if (parts.Any(p => p.Length == 0))
        {
            error = new QueryError(56, "EmptyFieldName", $"An empty update path is not valid: '{path}'", path);
            return false;
        }

        BsonValue current = document;
        for (var i = 0; i < parts.Length; i++)
        {
            var last = i == parts.Length - 1;
            var part = parts[i];
            if (current is BsonDocument d)
            {
                if (last)
                {
                    d[part] = value;
                    break;
                }

                if (!d.TryGetValue(part, out var next))
                {
                    next = new BsonDocument();
                    d[part] = next;
                }

                current = next;
            }
            else if (current is BsonArray a && FieldPath.ParseIndex(part) is var index and >= 0)
            {
                while (a.Count <= index)
                {
                    a.Add(BsonNull.Value);
                }

                if (last)
                {
                    a[index] = value;
                    break;
                }

                if (a[index].IsBsonNull)
                {
                    a[index] = new BsonDocument();
                }

                current = a[index];
            }
            else
            {
                error = new QueryError(28, "PathNotViable", $"Cannot create field '{part}' in element {{{parts[i - 1]}: {current}}}", path);
                return false;
            }
        }

        error = null;
        return true;
    }

    /// <summary>
    /// Removes the value at a dotted path the way <c>$unset</c> does (an array element becomes null
    /// rather than shifting the array). Returns false when nothing was there.
    /// </summary>
    public static bool RemoveValue(BsonDocument document, string path)
    {
        ArgumentNullException.ThrowIfNull(document);
        var parts = Split(path);
        BsonValue current = document;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            switch (current)
            {
                case BsonDocument d when d.TryGetValue(parts[i], out var next):
                    current = next;
                    break;
                case BsonArray a when FieldPath.ParseIndex(parts[i]) is var index and >= 0 && index < a.Count:
                    current = a[index];
                    break;
                default:
                    return false;
            }
        }

        var leaf = parts[^1];
        switch (current)
        {
            case BsonDocument d when d.Contains(leaf):
                d.Remove(leaf);
                return true;
            case BsonArray a when FieldPath.ParseIndex(leaf) is var index and >= 0 && index < a.Count:
                a[index] = BsonNull.Value;
                return true;
            default:
                return false;
        }
    }
}
