using MongoDB.Bson;

namespace PushGateway.Query.Evaluation;

/// <summary>
/// MongoDB's dotted-path semantics, short-circuiting on the first value that satisfies the
/// predicate. Arrays met before the last component are traversed element by element (documents
/// are descended into; any other element contributes nothing, and an empty array yields no value), and a numeric
/// component also indexes the array (a leaf reached that way is not expanded). Nested arrays are
/// not flattened except through numeric components.
/// </summary>
internal static class PathWalker
{
    public static bool Any(BsonDocument document, FieldPath path, ValuePredicate predicate) =>
        FromDocument(document, path, 0, predicate);

    private static bool FromDocument(BsonDocument document, FieldPath path, int index, ValuePredicate predicate)
    {
        if (!path.TryGetField(document, index, out var value))
        {
            return predicate.MatchesMissing();
        }

        return FromValue(value, path, index + 1, predicate);
    }

    private static bool FromValue(BsonValue value, FieldPath path, int index, ValuePredicate predicate)
    {
        if (index == path.Parts.Length)
        {
            return Leaf(value, predicate);
        }

        return value.BsonType switch
        {
            BsonType.Document => FromDocument(value.AsBsonDocument, path, index, predicate),
            BsonType.Array => FromArray(value.AsBsonArray, path, index, predicate),
            _ => predicate.MatchesMissing(),
        };
    }

    private static bool FromArray(BsonArray array, FieldPath path, int index, ValuePredicate predicate)
    {
        // Descending into element documents costs a field look-up each: two units per element.
        WorkMeter.Charge(2L * array.Count);
        var position = path.Indexes[index];
        if (position >= 0)
        {
            if (position < array.Count)
            {
                // A leaf reached by position is not expanded: {"a.0": 42} does not match {a: [[42]]}.
                var element = array[position];
                if (index + 1 == path.Parts.Length ? predicate.Matches(element) : FromValue(element, path, index + 1, predicate))
                {
                    return true;
                }
            }
            else if (predicate.MatchesMissing())
            {
                return true;
            }

            for (var i = 0; i < array.Count; i++)
            {
                if (array[i] is BsonDocument element && FromDocument(element, path, index, predicate))
                {
                    return true;
                }
            }

            return false;
        }

        // Only document elements are traversed: an empty array, or a scalar or array element, contributes no value —
        // not even "missing" ({"a.b": null} matches {a: [{}]} but not {a: []} nor {a: [5]}, as mongod does).
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is BsonDocument document && FromDocument(document, path, index, predicate))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Leaf(BsonValue value, ValuePredicate predicate)
    {
        if (value is BsonArray array && predicate.ExpandArrays)
        {
            WorkMeter.Charge(array.Count);
            for (var i = 0; i < array.Count; i++)
            {
                if (predicate.Matches(array[i]))
                {
                    return true;
                }
            }
        }

        return predicate.Matches(value);
    }
}
