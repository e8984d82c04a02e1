using MongoDB.Bson;
using PushGateway.EmbeddedMongo.Storage;

namespace PushGateway.EmbeddedMongo.Updates;

/// <summary>The document an upsert starts from: the query's equality predicates (top level and inside $and).</summary>
internal static class UpsertSeed
{
    public static BsonDocument From(BsonDocument? query, bool replacement)
    {
        var seed = new BsonDocument();
        if (query is null)
        {
            return seed;
        }

        if (replacement)
        {
            // A replacement upsert only takes _id from the query.
            if (query.TryGetValue("_id", out var id) && EqualityValue(id) is { } idValue)
            {
                seed["_id"] = idValue;
            }

            return seed;
        }

        Collect(query, seed);
        return seed;
    }

    private static void Collect(BsonDocument query, BsonDocument seed)
    {
        foreach (var element in query)
        {
            if (element.Name == "$and" && element.Value is BsonArray clauses)
            {
                foreach (var clause in clauses.OfType<BsonDocument>())
                {
                    Collect(clause, seed);
                }
            }
            else if (!element.Name.StartsWith('$') && EqualityValue(element.Value) is { } value)
            {
                DocPath.Set(seed, element.Name, value.DeepClone());
            }
        }
    }

    private static BsonValue? EqualityValue(BsonValue value) => value switch
    {
        BsonDocument d when d.ElementCount > 0 && d.GetElement(0).Name.StartsWith('$') =>
            d.ElementCount == 1 && d.TryGetValue("$eq", out var eq) ? eq : null,
        BsonRegularExpression => null,
        _ => value,
    };
}
