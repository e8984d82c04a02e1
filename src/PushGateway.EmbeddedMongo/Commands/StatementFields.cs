using MongoDB.Bson;

namespace PushGateway.EmbeddedMongo.Commands;

/// <summary>
/// The fields mongod 7.0 accepts in update/delete statements. An unknown one (such as 8.0's
/// <c>sort</c>) fails the whole command instead of being silently ignored.
/// </summary>
internal static class StatementFields
{
    public static readonly HashSet<string> Update = new(StringComparer.Ordinal) { "q", "u", "multi", "upsert", "arrayFilters", "collation", "hint", "c", "upsertSupplied", "sampleId" };

    public static readonly HashSet<string> Delete = new(StringComparer.Ordinal) { "q", "limit", "collation", "hint", "sampleId" };

    public static void Validate(string command, string field, BsonArray statements, HashSet<string> allowed)
    {
        foreach (var statement in statements)
        {
            if (statement is not BsonDocument doc)
            {
                throw MongoErrorException.TypeMismatch($"BSON field '{command}.{field}' must be an array of objects");
            }

            foreach (var element in doc)
            {
                if (!allowed.Contains(element.Name))
                {
                    throw new MongoErrorException(40415, "Location40415", $"BSON field '{command}.{field}.{element.Name}' is an unknown field.");
                }
            }
        }
    }
}
