using MongoDB.Bson;
using PushGateway.Query;

namespace PushGateway.EmbeddedMongo.Storage;

/// <summary>
/// Picks query candidates from a secondary index: equality (<c>v</c>, <c>$eq</c>, <c>$in</c>) on a prefix
/// of the index's fields, then at most one range (<c>$gt $gte $lt $lte</c>) on the next field. The
/// candidates are a superset of the matches (callers always re-apply the whole filter): only conjuncts
/// of the top-level AND are used, only operands whose matches are exactly "some value the matcher sees
/// at the path compares so" (no null, arrays, documents, regexes, NaN, MinKey/MaxKey), and a multikey
/// index gets a single range bound, since two bounds may be met by different array elements.
/// Anything else returns null and the caller scans.
/// </summary>
internal static class IndexPlanner
{
    /// <summary>Caps the equality points a plan enumerates (the product of the <c>$in</c> sizes).</summary>
    private const int MaxPoints = 1024;

    /// <summary>Candidate record ids in index order (lazily; stop reading at the limit), or null when no index applies.</summary>
    public static IEnumerable<long>? Candidates(CollectionState c, BsonDocument filterSpec) => Candidates(c, filterSpec, out _);

    /// <summary>As <see cref="Candidates(CollectionState, BsonDocument)"/>, also naming the index used (for <c>explain</c>).</summary>
    public static IEnumerable<long>? Candidates(CollectionState c, BsonDocument filterSpec, out IndexState? used)
    {
        used = null;
        var predicates = new Dictionary<string, FieldPredicate>(StringComparer.Ordinal);
        if (!CollectConjuncts(filterSpec, predicates) || predicates.Count == 0)
        {
            return null;
        }

        IndexState? best = null;
        var bestPrefix = 0;
        var bestRange = false;
        foreach (var index in c.Indexes)
        {
            if (index.Ordered is null)
            {
                continue;
            }

            var (prefix, range) = Coverage(index, predicates);
            if (index.Unique && prefix == index.Fields.Count)
            {
                // Equality on every field of a unique index: at most one document per point (e.g. _id $in a batch).
                (best, bestPrefix, bestRange) = (index, prefix, false);
                break;
            }

            if (prefix * 2 + (range ? 1 : 0) > bestPrefix * 2 + (bestRange ? 1 : 0))
            {
                (best, bestPrefix, bestRange) = (index, prefix, range);
            }
        }

        used = best;
        return best is null ? null : Lookup(best, predicates, bestPrefix, bestRange);
    }

    private static (int Prefix, bool Range) Coverage(IndexState index, Dictionary<string, FieldPredicate> predicates)
    {
        var prefix = 0;
        long points = 1;
        foreach (var field in index.Fields)
        {
            if (!predicates.TryGetValue(field, out var p) || p.Points is null || points * p.Points.Count > MaxPoints)
            {
                break;
            }

            points *= p.Points.Count;
            prefix++;
        }

        var range = prefix < index.Fields.Count && predicates.TryGetValue(index.Fields[prefix], out var next) && (next.Lower is not null || next.Upper is not null);
        return (prefix, range);
    }

    /// <summary>
    /// Walks the index in key order, lazily: the caller stops at its limit, so a limited query costs the entries it
    /// reads, not the whole range (a lease over a large backlog reads a batch, not the backlog). Equality points are
    /// visited in ascending order, so the whole walk is in index order, as mongod returns an index scan.
    /// </summary>
    private static IEnumerable<long> Lookup(IndexState index, Dictionary<string, FieldPredicate> predicates, int prefix, bool range)
    {
        var width = index.Fields.Count;
        BsonValue? lower = null;
        BsonValue? upper = null;
        if (range)
        {
            var p = predicates[index.Fields[prefix]];
            (lower, upper) = (p.Lower, p.Upper);
            if (lower is not null && upper is not null && (index.Multikey || TypeBracket(lower) != TypeBracket(upper)))
            {
                upper = null;
            }
        }

        var bracket = TypeBracket(lower ?? upper ?? BsonNull.Value);

        // A record has one key per index unless the index is multikey; only then can it be met twice.
        var seen = index.Multikey ? new HashSet<long>() : null;
        foreach (var point in Points(index, predicates, prefix))
        {
            var lo = new BsonValue[width];
            var hi = new BsonValue[width];
            point.CopyTo(lo, 0);
            point.CopyTo(hi, 0);
            for (var i = prefix; i < width; i++)
            {
                lo[i] = BsonMinKey.Value;
                hi[i] = BsonMaxKey.Value;
            }

            if (range)
            {
                lo[prefix] = lower ?? MinOfBracket(upper!);
                hi[prefix] = upper ?? MaxOfBracket(lower!);
            }

            var loEntry = new IndexEntry(lo, long.MinValue);
            var hiEntry = new IndexEntry(hi, long.MaxValue);
            if (IndexEntryComparer.Instance.Compare(loEntry, hiEntry) > 0)
            {
                continue;
            }

            foreach (var entry in index.Ordered!.Between(loEntry, hiEntry))
            {
                // Values of another type never satisfy a comparison (type bracketing).
                if ((!range || TypeBracket(entry[prefix]) == bracket) && (seen is null || seen.Add(entry.RecordId)))
                {
                    yield return entry.RecordId;
                }
            }
        }
    }

    private static IEnumerable<BsonValue[]> Points(IndexState index, Dictionary<string, FieldPredicate> predicates, int prefix)
    {
        IEnumerable<BsonValue[]> points = [[]];
        for (var i = 0; i < prefix; i++)
        {
            var values = predicates[index.Fields[i]].Points!;
            points = points.SelectMany(p => values.Select(v => (BsonValue[])[.. p, v])).ToList();
        }

        var ordered = points.ToList();
        ordered.Sort((x, y) => IndexEntryComparer.Instance.Compare(new IndexEntry(x, 0), new IndexEntry(y, 0)));
        return ordered;
    }

    /// <summary>
    /// Gathers usable predicates from the top-level AND (nested <c>$and</c> included); other conjuncts are
    /// ignored, which only widens the candidates. False (scan) when a name repeats within one document,
    /// since which of the repeats the query engine honours is not this planner's to guess.
    /// </summary>
    private static bool CollectConjuncts(BsonDocument spec, Dictionary<string, FieldPredicate> predicates)
    {
        if (HasDuplicateNames(spec))
        {
            return false;
        }

        foreach (var element in spec)
        {
            if (element.Name == "$and" && element.Value is BsonArray and)
            {
                foreach (var item in and)
                {
                    if (item is BsonDocument d && !CollectConjuncts(d, predicates))
                    {
                        return false;
                    }
                }

                continue;
            }

            if (element.Name.StartsWith('$'))
            {
                continue;
            }

            if (!predicates.TryGetValue(element.Name, out var p))
            {
                p = new FieldPredicate();
            }

            if (element.Value is BsonDocument ops && ops.ElementCount > 0 && ops.GetElement(0).Name.StartsWith('$'))
            {
                if (HasDuplicateNames(ops))
                {
                    return false;
                }

                foreach (var op in ops)
                {
                    switch (op.Name)
                    {
                        case "$eq" when IsBoundable(op.Value):
                            p.AddPoints([op.Value]);
                            break;
                        case "$in" when op.Value is BsonArray values && values.Count > 0 && values.All(IsBoundable):
                            p.AddPoints([.. values.Distinct(BsonValueComparer.Instance)]);
                            break;
                        case "$gt" or "$gte" when IsBoundable(op.Value):
                            p.Lower ??= op.Value;
                            break;
                        case "$lt" or "$lte" when IsBoundable(op.Value):
                            p.Upper ??= op.Value;
                            break;
                    }
                }
            }
            else if (IsBoundable(element.Value))
            {
                p.AddPoints([element.Value]);
            }

            predicates[element.Name] = p;
        }

        return true;
    }

    private static bool HasDuplicateNames(BsonDocument document)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        return document.Names.Any(name => !names.Add(name));
    }

    /// <summary>
    /// An operand whose comparisons match exactly the values of its own type bracket that compare so:
    /// null (matches missing), MinKey/MaxKey (cross-type), NaN, arrays and documents (whole-value and
    /// element semantics) and regexes (pattern matching) are left to the scan.
    /// </summary>
    private static bool IsBoundable(BsonValue value) =>
        TypeBracket(value) != 0 && !(value.BsonType == BsonType.Double && double.IsNaN(value.AsDouble))
            && !(value.BsonType == BsonType.Decimal128 && Decimal128.IsNaN(value.AsDecimal128));

    // Each non-zero bracket is exactly one of MongoDB's canonical type classes.
    private static int TypeBracket(BsonValue value) => value.BsonType switch
    {
        BsonType.Int32 or BsonType.Int64 or BsonType.Double or BsonType.Decimal128 => 1,
        BsonType.String or BsonType.Symbol => 2,
        BsonType.ObjectId => 3,
        BsonType.Boolean => 4,
        BsonType.DateTime => 5,
        BsonType.Timestamp => 6,
        BsonType.Binary => 7,
        _ => 0,
    };

    // Inclusive bounds at or below / above every value of the operand's bracket: the bracket's least
    // value, or the least value of the next bracket up, else MinKey/MaxKey. Extra keys are filtered by
    // bracket and by the caller's full filter; a bound must only never cut off a possible match.
    private static BsonValue MinOfBracket(BsonValue operand) => TypeBracket(operand) switch
    {
        1 => new BsonDouble(double.NaN), // NaN sorts below every other number
        2 => new BsonString(string.Empty),
        4 => BsonBoolean.False,
        5 => new BsonDateTime(long.MinValue),
        6 => new BsonTimestamp(0),
        _ => BsonMinKey.Value,
    };

    private static BsonValue MaxOfBracket(BsonValue operand) => TypeBracket(operand) switch
    {
        1 => new BsonString(string.Empty), // strings follow numbers
        2 => new BsonDocument(), // documents follow strings; the empty one is the least
        3 => BsonBoolean.False, // booleans follow ObjectIds
        4 => BsonBoolean.True,
        5 => new BsonDateTime(long.MaxValue),
        6 => new BsonTimestamp(-1L), // compared as unsigned
        _ => BsonMaxKey.Value,
    };

    private sealed class FieldPredicate
    {
        public List<BsonValue>? Points { get; private set; }

        public BsonValue? Lower { get; set; }

        public BsonValue? Upper { get; set; }

        /// <summary>Keeps the smallest point set: each conjunct alone already bounds the matches.</summary>
        public void AddPoints(List<BsonValue> points)
        {
            if (Points is null || points.Count < Points.Count)
            {
                Points = points;
            }
        }
    }
}
