using MongoDB.Bson;
using PushGateway.EmbeddedMongo.Commands;
using PushGateway.EmbeddedMongo.Storage;

namespace PushGateway.EmbeddedMongo.Updates;

/// <summary>
/// The document an upsert starts from, as mongod derives it: every equality the query pins down —
/// <c>{x: v}</c>, <c>$eq</c>, a one-element <c>$in</c>, the elements of <c>$all</c>, inside <c>$and</c> and a
/// one-clause <c>$or</c>. A path pinned twice, or a path and its parent, cannot be seeded (code 54).
/// A replacement upsert takes only <c>_id</c>.
/// </summary>
internal static class UpsertSeed
{
    public static BsonDocument From(BsonDocument? query, bool replacement)
    {
        var seed = new BsonDocument();
        if (query is null)
        {
            return seed;
        }

        var equalities = new List<(string Path, BsonValue Value)>();
        Collect(query, equalities);
        if (replacement)
        {
            equalities.RemoveAll(e => e.Path != "_id" && !e.Path.StartsWith("_id.", StringComparison.Ordinal));
        }

        CheckConflicts(equalities);
        foreach (var (path, value) in equalities)
        {
            DocPath.Set(seed, path, value.DeepClone());
        }

        return seed;
    }

    private static void Collect(BsonDocument query, List<(string Path, BsonValue Value)> equalities)
    {
        foreach (var element in query)
        {
            switch (element.Name)
            {
                case "$and" when element.Value is BsonArray clauses:
                    foreach (var clause in clauses.OfType<BsonDocument>())
                    {
                        Collect(clause, equalities);
                    }

                    break;
                case "$or" when element.Value is BsonArray { Count: 1 } only && only[0] is BsonDocument clause:
                    // A one-clause $or is that clause.
                    Collect(clause, equalities);
                    break;
                default:
                    if (!element.Name.StartsWith('$'))
                    {
                        FieldEqualities(element.Name, element.Value, equalities);
                    }

                    break;
            }
        }
    }

    private static void FieldEqualities(string path, BsonValue condition, List<(string Path, BsonValue Value)> equalities)
    {
        if (condition is BsonRegularExpression)
        {
            return;
        }

        if (condition is not BsonDocument operators || operators.ElementCount == 0 || !operators.GetElement(0).Name.StartsWith('$'))
        {
            equalities.Add((path, condition));
            return;
        }

        foreach (var op in operators)
        {
            switch (op.Name)
            {
                case "$eq":
                    equalities.Add((path, op.Value));
                    break;
                case "$in" when op.Value is BsonArray { Count: 1 } one && one[0] is not BsonRegularExpression:
                    equalities.Add((path, one[0]));
                    break;
                case "$all" when op.Value is BsonArray all:
                    foreach (var value in all)
                    {
                        if (value is not BsonRegularExpression && !(value is BsonDocument d && d.Contains("$elemMatch")))
                        {
                            equalities.Add((path, value));
                        }
                    }

                    break;
            }
        }
    }

    private static void CheckConflicts(List<(string Path, BsonValue Value)> equalities)
    {
        for (var i = 0; i < equalities.Count; i++)
        {
            for (var j = i + 1; j < equalities.Count; j++)
            {
                var a = equalities[i].Path;
                var b = equalities[j].Path;
                if (a == b)
                {
                    throw new MongoErrorException(54, "NotSingleValueField", $"cannot infer query fields to set, path '{a}' is matched twice");
                }

                if (a.StartsWith(b + ".", StringComparison.Ordinal) || b.StartsWith(a + ".", StringComparison.Ordinal))
                {
                    throw new MongoErrorException(54, "NotSingleValueField", $"cannot infer query fields to set, both paths '{a}' and '{b}' are matched");
                }
            }
        }
    }
}
