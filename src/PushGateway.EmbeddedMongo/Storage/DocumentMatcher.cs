using MongoDB.Bson;
using PushGateway.Query;

namespace PushGateway.EmbeddedMongo.Storage;

/// <summary>
/// Finds the documents of a collection that a filter matches, in natural order. Callers hold the store lock.
/// Candidates come from the <c>_id</c> index, a secondary index (<see cref="IndexPlanner"/>) or a scan; the
/// whole filter is always re-applied, so the index only decides how many documents are looked at.
/// </summary>
internal static class DocumentMatcher
{
    public static List<KeyValuePair<long, BsonDocument>> Match(CollectionState? c, BsonDocument? filterSpec, Filter filter, int limit = int.MaxValue)
    {
        var result = new List<KeyValuePair<long, BsonDocument>>();
        if (c is null || limit <= 0)
        {
            return result;
        }

        // Equality on _id: use the _id index instead of scanning.
        if (filterSpec is not null && filterSpec.ElementCount >= 1 && filterSpec.TryGetValue("_id", out var id) && IsPlainValue(id))
        {
            if (c.TryFindById(id, out var recordId, out var doc) && filter.Matches(doc!))
            {
                result.Add(new(recordId, doc!));
            }

            return result;
        }

        if (filterSpec is not null && IndexPlanner.Candidates(c, filterSpec) is { } candidates)
        {
            foreach (var recordId in candidates)
            {
                var doc = c.Get(recordId);
                if (filter.Matches(doc))
                {
                    result.Add(new(recordId, doc));
                    if (result.Count >= limit)
                    {
                        break;
                    }
                }
            }

            return result;
        }

        foreach (var entry in c.Scan())
        {
            if (filter.Matches(entry.Value))
            {
                result.Add(entry);
                if (result.Count >= limit)
                {
                    break;
                }
            }
        }

        return result;
    }

    /// <summary>True when an <c>_id</c> operand is a plain value, so the <c>_id</c> index answers the query alone.</summary>
    public static bool IsPlainValue(BsonValue value) => value switch
    {
        BsonDocument d => d.ElementCount == 0 || !d.GetElement(0).Name.StartsWith('$'),
        BsonArray or BsonRegularExpression or BsonNull or BsonUndefined => false,
        _ => true,
    };
}
