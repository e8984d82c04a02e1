using MongoDB.Bson;
using PushGateway.EmbeddedMongo.Cursors;
using PushGateway.EmbeddedMongo.FailPoints;

namespace PushGateway.EmbeddedMongo.Commands;

/// <summary><c>getMore</c> and <c>killCursors</c>; cursors may be used from any connection.</summary>
internal static class CursorCommands
{
    public static async ValueTask<BsonDocument> GetMoreAsync(CommandContext ctx)
    {
        var idValue = ctx.Command["getMore"];
        if (idValue is not BsonInt64)
        {
            throw MongoErrorException.TypeMismatch($"BSON field 'getMore.getMore' is the wrong type '{idValue.BsonType}', expected type 'long'");
        }

        var id = idValue.AsInt64;
        var collection = ctx.Command.GetValue("collection", BsonNull.Value);
        if (!collection.IsString)
        {
            throw MongoErrorException.TypeMismatch("BSON field 'getMore.collection' is missing or not a string");
        }

        var cursor = ctx.Server.Cursors.Require(id, $"{ctx.Database}.{collection.AsString}");
        if (!cursor.TryAcquire())
        {
            throw new MongoErrorException(292, "CursorInUse", $"Cursor id {id} is already in use");
        }

        try
        {
            if (ctx.Server.FailPoints.MatchGetMoreAfterCheckout() is { } failure)
            {
                var code = failure.GetValue("errorCode", 1).ToInt32();
                var labels = cursor is ChangeStreams.ChangeStreamCursor && FailPointRegistry.ResumableChangeStreamCodes.Contains(code)
                    ? new List<string> { "ResumableChangeStreamError" }
                    : [];
                throw new MongoErrorException(code, CodeNames.Of(code), "Failing command via 'failGetMoreAfterCursorCheckout' failpoint", labels);
            }

            var maxTime = ctx.OptionalInt64("maxTimeMS");
            var request = new CursorBatchRequest(CursorReplies.BatchSize(ctx, null), maxTime is null ? null : TimeSpan.FromMilliseconds(maxTime.Value), false);
            var batch = await cursor.NextBatchAsync(request, ctx.CancellationToken);
            var open = !cursor.IsExhausted;
            if (!open)
            {
                ctx.Server.Cursors.Remove(id);
            }

            return CursorReplies.Shape("nextBatch", open ? id : 0, cursor.Namespace, batch);
        }
        finally
        {
            ctx.Server.Cursors.Touch(cursor);
            cursor.Release();
        }
    }

    public static ValueTask<BsonDocument> KillCursors(CommandContext ctx)
    {
        var killed = new BsonArray();
        var notFound = new BsonArray();
        foreach (var value in ctx.Command.GetValue("cursors", new BsonArray()).AsBsonArray)
        {
            var id = value.ToInt64();
            (ctx.Server.Cursors.Remove(id) ? killed : notFound).Add(id);
        }

        return ValueTask.FromResult(new BsonDocument
        {
            { "cursorsKilled", killed },
            { "cursorsNotFound", notFound },
            { "cursorsAlive", new BsonArray() },
            { "cursorsUnknown", new BsonArray() },
        });
    }
}
