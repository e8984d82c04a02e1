using MongoDB.Bson;
using PushGateway.Query.Evaluation;

namespace PushGateway.Query;

/// <summary>
/// A MongoDB sort specification (<c>{a: 1, "b.c": -1}</c>) as a document comparer. Values compare
/// with <see cref="BsonValueComparer"/>; a missing field sorts as null; an array sorts by its smallest
/// element ascending and its largest descending; an empty array sorts before null.
/// </summary>
public sealed class SortSpec : IComparer<BsonDocument>
{
    private readonly (FieldPath Path, int Direction)[] _keys;

    private SortSpec((FieldPath Path, int Direction)[] keys) => _keys = keys;

    /// <summary>The sort fields and directions (1 ascending, -1 descending) in priority order.</summary>
    public IReadOnlyList<(string Path, int Direction)> Keys => [.. _keys.Select(k => (k.Path.Dotted, k.Direction))];

    /// <summary>Parses a sort document; values must be 1 or -1.</summary>
    public static bool TryParse(BsonDocument spec, out SortSpec? sort, out QueryError? error)
    {
        ArgumentNullException.ThrowIfNull(spec);
        sort = null;
        var keys = new List<(FieldPath, int)>(spec.ElementCount);
        foreach (var element in spec)
        {
            if (element.Value is BsonDocument meta && meta.Contains("$meta"))
            {
                error = QueryErrorCodes.BadValueError($"unsupported sort: $meta sort on '{element.Name}' is not supported", element.Name);
                return false;
            }

            if (!element.Value.IsNumeric || (element.Value.ToDouble() != 1 && element.Value.ToDouble() != -1))
            {
                error = QueryErrorCodes.Location(15975, "$sort key ordering must be 1 (for ascending) or -1 (for descending)", element.Name);
                return false;
            }

            if (element.Name.Length == 0 || element.Name.StartsWith('$') || element.Name.Split('.').Any(p => p.Length == 0))
            {
                error = QueryErrorCodes.BadValueError($"invalid sort field path '{element.Name}'", element.Name);
                return false;
            }

            keys.Add((new FieldPath(element.Name), element.Value.ToDouble() > 0 ? 1 : -1));
        }

        sort = new SortSpec([.. keys]);
        error = null;
        return true;
    }

    /// <inheritdoc />
    public int Compare(BsonDocument? x, BsonDocument? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }

        foreach (var (path, direction) in _keys)
        {
            var c = BsonValueComparer.Instance.Compare(KeyOf(x, path, direction), KeyOf(y, path, direction));
            if (c != 0)
            {
                return c * direction;
            }
        }

        return 0;
    }

    /// <summary>The sort key of a document (one value per sort field); compare keys with <see cref="CompareKeys"/> to sort many documents without recomputing.</summary>
    public BsonValue[] GetKey(BsonDocument document)
    {
        var key = new BsonValue[_keys.Length];
        for (var i = 0; i < _keys.Length; i++)
        {
            key[i] = KeyOf(document, _keys[i].Path, _keys[i].Direction);
        }

        return key;
    }

    /// <summary>Compares two keys from <see cref="GetKey"/>.</summary>
    public int CompareKeys(BsonValue[] x, BsonValue[] y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        for (var i = 0; i < _keys.Length; i++)
        {
            var c = BsonValueComparer.Instance.Compare(x[i], y[i]);
            if (c != 0)
            {
                return c * _keys[i].Direction;
            }
        }

        return 0;
    }

    private static BsonValue KeyOf(BsonDocument document, FieldPath path, int direction)
    {
        var values = new List<BsonValue>();
        var collector = new ValueCollector(values, expandArrays: false);
        PathWalker.Any(document, path, collector);
        BsonValue? best = collector.SawMissing ? BsonNull.Value : null;
        foreach (var value in values)
        {
            if (value is BsonArray array)
            {
                if (array.Count == 0)
                {
                    // MongoDB sorts an empty array below null and missing.
                    best = Pick(best, BsonUndefined.Value, direction);
                }

                for (var i = 0; i < array.Count; i++)
                {
                    best = Pick(best, array[i], direction);
                }
            }
            else
            {
                best = Pick(best, value, direction);
            }
        }

        return best ?? BsonNull.Value;
    }

    private static BsonValue Pick(BsonValue? best, BsonValue candidate, int direction)
    {
        if (best is null)
        {
            return candidate;
        }

        var c = BsonValueComparer.Instance.Compare(candidate, best);
        return (direction > 0 ? c < 0 : c > 0) ? candidate : best;
    }
}
