using MongoDB.Bson;

namespace PushGateway.EmbeddedMongo.Commands;

/// <summary>Write error entries shaped as mongod shapes them (<c>{index, code, errmsg, ...}</c>).</summary>
internal static class WriteErrors
{
    public static BsonDocument Entry(int index, MongoErrorException error)
    {
        var entry = new BsonDocument { { "index", index }, { "code", error.Code } };
        if (error.ExtraInfo is not null)
        {
            entry.AddRange(error.ExtraInfo);
        }

        entry["errmsg"] = error.Message;
        return entry;
    }

    /// <summary>Adds <c>writeErrors</c> to a write command's reply when there are any (mongod omits the field otherwise).</summary>
    public static BsonDocument AddTo(BsonDocument reply, List<BsonDocument> errors)
    {
        if (errors.Count > 0)
        {
            reply["writeErrors"] = new BsonArray(errors);
        }

        return reply;
    }

    public static BsonArray? ListOrNull(List<BsonDocument> errors) => errors.Count == 0 ? null : new BsonArray(errors);
}
