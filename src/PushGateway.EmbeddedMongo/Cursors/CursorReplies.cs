using MongoDB.Bson;
using PushGateway.EmbeddedMongo.Commands;

namespace PushGateway.EmbeddedMongo.Cursors;

/// <summary>Opening cursors and shaping <c>{cursor: {firstBatch|nextBatch, id, ns}}</c> replies.</summary>
internal static class CursorReplies
{
    /// <summary>Returns the first batch of <paramref name="results"/>, registering a cursor when more remain.</summary>
    public static async ValueTask<BsonDocument> OpenAsync(CommandContext ctx, string ns, IEnumerable<BsonDocument> results, int? batchSize, bool singleBatch)
    {
        var cursor = new DocumentCursor(ctx.Server.Cursors.NewId(), ns, results.GetEnumerator());
        return await FirstBatchAsync(ctx, cursor, batchSize, singleBatch);
    }

    public static async ValueTask<BsonDocument> FirstBatchAsync(CommandContext ctx, ServerCursor cursor, int? batchSize, bool singleBatch)
    {
        var batch = await cursor.NextBatchAsync(new CursorBatchRequest(batchSize, null, true), ctx.CancellationToken);
        var open = !singleBatch && !cursor.IsExhausted;
        if (open)
        {
            ctx.Server.Cursors.Add(cursor);
        }

        return Shape("firstBatch", open ? cursor.Id : 0, cursor.Namespace, batch);
    }

    public static BsonDocument Shape(string batchName, long id, string ns, BsonDocument batch)
    {
        var cursorDoc = new BsonDocument { { batchName, batch["batch"] }, { "id", id }, { "ns", ns } };
        foreach (var extra in batch.Where(e => e.Name != "batch"))
        {
            cursorDoc[extra.Name] = extra.Value;
        }

        return new BsonDocument("cursor", cursorDoc);
    }

    public static int? BatchSize(CommandContext ctx, BsonDocument? cursorOptions)
    {
        var value = cursorOptions is not null && cursorOptions.TryGetValue("batchSize", out var b) ? b : ctx.Command.GetValue("batchSize", BsonNull.Value);
        if (value.IsBsonNull)
        {
            return null;
        }

        var size = value.ToInt64();
        return size < 0
            ? throw MongoErrorException.BadValue($"BSON field 'batchSize' value must be >= 0, actual value '{size}'")
            : (int)Math.Min(size, int.MaxValue);
    }
}
