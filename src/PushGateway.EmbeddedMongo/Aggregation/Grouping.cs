using MongoDB.Bson;
using PushGateway.EmbeddedMongo.Commands;
using PushGateway.Query;

namespace PushGateway.EmbeddedMongo.Aggregation;

/// <summary>$group with $sum $avg $min $max $first $last $push $addToSet $count; groups in order of first appearance.</summary>
internal static class Grouping
{
    public static List<BsonDocument> Group(IEnumerable<BsonDocument> input, BsonDocument spec)
    {
        if (!spec.Contains("_id"))
        {
            throw new MongoErrorException(15955, "Location15955", "a group specification must include an _id");
        }

        var accumulators = spec.Where(e => e.Name != "_id").Select(e =>
        {
            if (e.Value is not BsonDocument { ElementCount: 1 } acc)
            {
                throw new MongoErrorException(40234, "Location40234", $"The field '{e.Name}' must be an accumulator object");
            }

            var op = acc.GetElement(0).Name;
            if (op is not ("$sum" or "$avg" or "$min" or "$max" or "$first" or "$last" or "$push" or "$addToSet" or "$count"))
            {
                throw new MongoErrorException(15952, "Location15952", $"unknown group operator '{op}'");
            }

            return (Field: e.Name, Op: op, Expr: acc[0]);
        }).ToList();

        var groups = new Dictionary<BsonValue, List<List<BsonValue?>>>(BsonValueComparer.Instance);
        var order = new List<BsonValue>();
        foreach (var doc in input)
        {
            var key = ExpressionEvaluator.Evaluate(spec["_id"], doc) ?? BsonNull.Value;
            if (!groups.TryGetValue(key, out var values))
            {
                values = accumulators.Select(_ => new List<BsonValue?>()).ToList();
                groups[key] = values;
                order.Add(key);
            }

            for (var i = 0; i < accumulators.Count; i++)
            {
                values[i].Add(accumulators[i].Op == "$count" ? new BsonInt32(1) : ExpressionEvaluator.Evaluate(accumulators[i].Expr, doc));
            }
        }

        var results = new List<BsonDocument>(order.Count);
        foreach (var key in order)
        {
            var result = new BsonDocument("_id", key);
            var values = groups[key];
            for (var i = 0; i < accumulators.Count; i++)
            {
                var present = values[i].Where(v => v is not null).Select(v => v!).ToList();
                result[accumulators[i].Field] = accumulators[i].Op switch
                {
                    "$sum" or "$count" => Accumulators.Sum(present),
                    "$avg" => Accumulators.Avg(present),
                    "$min" => Accumulators.Min(present) ?? BsonNull.Value,
                    "$max" => Accumulators.Max(present) ?? BsonNull.Value,
                    "$first" => values[i].Count > 0 ? values[i][0] ?? BsonNull.Value : BsonNull.Value,
                    "$last" => values[i].Count > 0 ? values[i][^1] ?? BsonNull.Value : BsonNull.Value,
                    "$push" => new BsonArray(present),
                    _ => new BsonArray(present.Distinct(BsonValueComparer.Instance)),
                };
            }

            results.Add(result);
        }

        return results;
    }
}
