using MongoDB.Bson;

namespace PushGateway.EmbeddedMongo.Commands;

/// <summary>
/// The write concerns a single-member replica set cannot satisfy: the write is applied, and the reply carries
/// mongod's <c>writeConcernError</c> (100 for more members than exist, 79 for an unknown tag set mode).
/// </summary>
internal static class WriteConcerns
{
    private static readonly HashSet<string> Writes = new(StringComparer.Ordinal)
    {
        "insert", "update", "delete", "findAndModify", "findandmodify", "create", "drop", "dropDatabase", "createIndexes",
        "dropIndexes", "renameCollection", "collMod", "commitTransaction", "abortTransaction",
    };

    public static BsonDocument? ErrorFor(string command, BsonDocument body)
    {
        if (!Writes.Contains(command) || body.GetValue("writeConcern", BsonNull.Value) is not BsonDocument writeConcern
            || !writeConcern.TryGetValue("w", out var w))
        {
            return null;
        }

        if (w.IsNumeric && w.ToDouble() > 1)
        {
            return new BsonDocument
            {
                { "code", 100 },
                { "codeName", "UnsatisfiableWriteConcern" },
                { "errmsg", "Not enough data-bearing nodes" },
                { "errInfo", new BsonDocument("writeConcern", writeConcern) },
            };
        }

        if (w.IsString && w.AsString != "majority")
        {
            return new BsonDocument
            {
                { "code", 79 },
                { "codeName", "UnknownReplWriteConcern" },
                { "errmsg", $"No write concern mode named '{w.AsString}' found in replica set configuration" },
                { "errInfo", new BsonDocument("writeConcern", writeConcern) },
            };
        }

        return null;
    }
}
