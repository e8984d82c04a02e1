using MongoDB.Bson;
using MongoDB.Driver;

namespace PushGateway.EmbeddedMongo.Tests.Unified;

/// <summary>Driver result objects as the documents the CRUD spec's result models describe.</summary>
internal static class ResultDocuments
{
    private static readonly BsonDocument Unacknowledged = new("acknowledged", false);

    public static BsonValue Update(UpdateResult result) => result.IsAcknowledged
        ? Update(result.MatchedCount, result.IsModifiedCountAvailable ? result.ModifiedCount : 0, result.UpsertedId)
        : Unacknowledged;

    public static BsonValue Update(ReplaceOneResult result) => result.IsAcknowledged
        ? Update(result.MatchedCount, result.IsModifiedCountAvailable ? result.ModifiedCount : 0, result.UpsertedId)
        : Unacknowledged;

    private static BsonDocument Update(long matched, long modified, BsonValue? upsertedId)
    {
        var document = new BsonDocument
        {
            { "matchedCount", matched },
            { "modifiedCount", modified },
            { "upsertedCount", upsertedId is null ? 0 : 1 },
        };
        if (upsertedId is not null)
        {
            document.Add("upsertedId", upsertedId);
        }

        return document;
    }

    public static BsonValue Delete(DeleteResult result) =>
        result.IsAcknowledged ? new BsonDocument("deletedCount", result.DeletedCount) : Unacknowledged;

    public static BsonValue Bulk(BulkWriteResult<BsonDocument> result, IReadOnlyList<WriteModel<BsonDocument>>? requests)
    {
        if (!result.IsAcknowledged)
        {
            return Unacknowledged;
        }

        var upserted = new BsonDocument();
        foreach (var upsert in result.Upserts)
        {
            upserted.Add(upsert.Index.ToString(System.Globalization.CultureInfo.InvariantCulture), upsert.Id);
        }

        var document = new BsonDocument
        {
            { "deletedCount", result.DeletedCount },
            { "insertedCount", result.InsertedCount },
            { "matchedCount", result.MatchedCount },
            { "modifiedCount", result.IsModifiedCountAvailable ? result.ModifiedCount : 0 },
            { "upsertedCount", result.Upserts.Count },
            { "upsertedIds", upserted },
        };
        if (requests is not null)
        {
            document.Add("insertedIds", InsertedIds(requests));
        }

        return document;
    }

    public static BsonDocument InsertedIds(IReadOnlyList<WriteModel<BsonDocument>> requests)
    {
        var ids = new BsonDocument();
        for (var i = 0; i < requests.Count; i++)
        {
            if (requests[i] is InsertOneModel<BsonDocument> insert)
            {
                ids.Add(i.ToString(System.Globalization.CultureInfo.InvariantCulture), insert.Document["_id"]);
            }
        }

        return ids;
    }
}
