using MongoDB.Bson;
using PushGateway.EmbeddedMongo.Aggregation;
using PushGateway.EmbeddedMongo.Commands;
using PushGateway.EmbeddedMongo.Cursors;

namespace PushGateway.EmbeddedMongo.ChangeStreams;

/// <summary>Opens a change stream for <c>aggregate</c> with a leading <c>$changeStream</c> stage.</summary>
internal static class ChangeStreamCommand
{
    private static readonly HashSet<string> AllowedStages = new(StringComparer.Ordinal)
    {
        "$match", "$project", "$addFields", "$set", "$unset", "$replaceRoot", "$replaceWith",
    };

    public static async ValueTask<BsonDocument> OpenAsync(CommandContext ctx, BsonArray pipeline, BsonDocument? cursorOptions)
    {
        var options = ChangeStreamOptions.Parse(pipeline[0][0]);
        var stages = new List<BsonDocument>();
        foreach (var stage in pipeline.Skip(1))
        {
            var name = Stages.NameOf(stage);
            if (!AllowedStages.Contains(name))
            {
                throw new MongoErrorException(ErrorCodesForStages.UnrecognizedStage, "Location40324", $"Unrecognized pipeline stage name: '{name}' (not allowed in a $changeStream pipeline)");
            }

            stages.Add(stage.AsBsonDocument);
        }

        var scope = ResolveScope(ctx, options);
        var ns = scope.Collection is null ? $"{ctx.Database}.$cmd.aggregate" : $"{ctx.Database}.{scope.Collection}";
        long position;
        lock (ctx.Store.Sync)
        {
            position = StartPosition(ctx, options);
        }

        var cursor = new ChangeStreamCursor(ctx.Server.Cursors.NewId(), ns, ctx.Store, scope, options, stages, position, ctx.Server.TimeProvider, ctx.Server.PreImageRetention);
        return await CursorReplies.FirstBatchAsync(ctx, cursor, CursorReplies.BatchSize(ctx, cursorOptions), false);
    }

    private static ChangeStreamScope ResolveScope(CommandContext ctx, ChangeStreamOptions options)
    {
        var target = ctx.Command[0];
        if (target.IsNumeric)
        {
            if (ctx.Database == "admin")
            {
                return options.AllChangesForCluster
                    ? new ChangeStreamScope(null, null)
                    : throw new MongoErrorException(ErrorCodesForStages.InvalidNamespaceForStream, "InvalidNamespace", "$changeStream may not be opened on the internal admin database");
            }

            return options.AllChangesForCluster
                ? throw new MongoErrorException(ErrorCodesForStages.InvalidNamespaceForStream, "InvalidNamespace", "A $changeStream with 'allChangesForCluster:true' may only be opened on the 'admin' database")
                : new ChangeStreamScope(ctx.Database, null);
        }

        if (ctx.Database is "admin" or "config" or "local")
        {
            throw new MongoErrorException(ErrorCodesForStages.InvalidNamespaceForStream, "InvalidNamespace", $"$changeStream may not be opened on the internal {ctx.Database} database");
        }

        return new ChangeStreamScope(ctx.Database, ctx.CollectionName);
    }

    /// <summary>The sequence after which the stream starts; validates resume points (280 unknown, 286 lost).</summary>
    private static long StartPosition(CommandContext ctx, ChangeStreamOptions options)
    {
        var log = ctx.Store.ChangeLog;
        if (options.StartAtOperationTime is { } startAt)
        {
            if (log.LastTrimmedSeq > 0 && startAt.Value <= log.LastTrimmedClusterTime)
            {
                throw ChangeStreamCursor.HistoryLost();
            }

            return log.SeqBefore(startAt.Value);
        }

        var tokenValue = options.ResumeAfter ?? options.StartAfter;
        if (tokenValue is null)
        {
            return log.LastSeq;
        }

        if (!ResumeToken.TryParse(tokenValue, out var token))
        {
            throw new MongoErrorException(ChangeStreamErrors.FatalError, "ChangeStreamFatalError", $"resume token was not found or is malformed: {tokenValue.ToJson()}", ["NonResumableChangeStreamError"]);
        }

        if (token.Invalidate && options.ResumeAfter is not null)
        {
            throw new MongoErrorException(ChangeStreamErrors.InvalidResumeToken, "InvalidResumeToken", "Attempting to resume a change stream using 'resumeAfter' is not allowed from an invalidate notification.");
        }

        if (token.Seq > log.LastSeq)
        {
            throw new MongoErrorException(ChangeStreamErrors.FatalError, "ChangeStreamFatalError", "cannot resume stream; the resume token was not found.", ["NonResumableChangeStreamError"]);
        }

        // Like mongod, the resume point itself must still be retained, not only what follows it
        // (an idle stream whose last position aged out loses nothing, so it may still resume).
        if (log.LastTrimmedSeq > 0 && token.Seq <= log.LastTrimmedSeq && token.Seq < log.LastSeq)
        {
            throw ChangeStreamCursor.HistoryLost();
        }

        if (log.ClusterTimeOf(token.Seq) is { } at && at != token.ClusterTime)
        {
            throw new MongoErrorException(ChangeStreamErrors.FatalError, "ChangeStreamFatalError", "cannot resume stream; the resume token was not found.", ["NonResumableChangeStreamError"]);
        }

        return token.Seq;
    }
}
