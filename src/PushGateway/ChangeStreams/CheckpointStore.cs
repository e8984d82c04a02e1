using MongoDB.Bson;
using MongoDB.Driver;

namespace PushGateway.ChangeStreams;

/// <summary>
/// Resume tokens, one document per watched collection in the gateway's database
/// (<c>changeStreamCheckpoints</c>, <c>_id</c> = <c>db.coll</c>). Writes are upserts, so the store is idempotent.
/// </summary>
internal sealed class CheckpointStore(IMongoDatabase database, TimeProvider timeProvider)
{
    public const string CollectionName = "changeStreamCheckpoints";

    private readonly IMongoCollection<BsonDocument> _collection = database.GetCollection<BsonDocument>(CollectionName);

    public async Task<Checkpoint?> LoadAsync(string collection, CancellationToken cancellationToken)
    {
        var doc = await _collection.Find(new BsonDocument("_id", collection)).FirstOrDefaultAsync(cancellationToken);
        if (doc is null || !doc.TryGetValue("token", out var token) || !token.IsBsonDocument)
        {
            return null;
        }

        var lastEventId = doc.TryGetValue("lastEventId", out var last) && last.IsString ? last.AsString : null;
        return new Checkpoint(token.AsBsonDocument, lastEventId);
    }

    public Task SaveAsync(string collection, Checkpoint checkpoint, CancellationToken cancellationToken)
    {
        var doc = new BsonDocument
        {
            { "_id", collection },
            { "token", checkpoint.ResumeToken },
            { "lastEventId", (BsonValue?)checkpoint.LastEventId ?? BsonNull.Value },
            { "updatedAt", timeProvider.GetUtcNow().UtcDateTime },
        };
        return _collection.ReplaceOneAsync(new BsonDocument("_id", collection), doc, new ReplaceOptions { IsUpsert = true }, cancellationToken);
    }
}
