using MongoDB.Bson;
using PushGateway.EmbeddedMongo.Aggregation;
using PushGateway.EmbeddedMongo.Cursors;
using PushGateway.EmbeddedMongo.Storage;

namespace PushGateway.EmbeddedMongo.Commands;

/// <summary><c>aggregate</c>: a collection pipeline, or a change stream when it starts with $changeStream.</summary>
internal static class AggregateCommand
{
    public static async ValueTask<BsonDocument> ExecuteAsync(CommandContext ctx)
    {
        if (ctx.Command.GetValue("pipeline", BsonNull.Value) is not BsonArray pipeline)
        {
            throw MongoErrorException.TypeMismatch("'pipeline' option must be specified as an array");
        }

        var cursorOptions = ctx.OptionalDocument("cursor");
        if (cursorOptions is null && !ctx.Flag("explain"))
        {
            throw MongoErrorException.FailedToParse("The 'cursor' option is required, except for aggregate with the explain argument");
        }

        if (ctx.Flag("explain"))
        {
            return ExplainCommand.Explain(ctx, ctx.Command, "queryPlanner");
        }

        if (await DiagnosticStages.TryRunAsync(ctx, pipeline, cursorOptions) is { } diagnostic)
        {
            return diagnostic;
        }

        foreach (var stage in pipeline)
        {
            Stages.NameOf(stage);
        }

        if (pipeline.Count > 0 && Stages.NameOf(pipeline[0]) == "$changeStream")
        {
            return await ChangeStreams.ChangeStreamCommand.OpenAsync(ctx, pipeline, cursorOptions);
        }

        for (var i = 1; i < pipeline.Count; i++)
        {
            if (Stages.NameOf(pipeline[i]) == "$changeStream")
            {
                throw new MongoErrorException(40602, "Location40602", "$changeStream is only valid as the first stage in a pipeline");
            }
        }

        if (ctx.Command[0].IsNumeric)
        {
            throw new MongoErrorException(ErrorCodesForStages.UnrecognizedStage, "Location40324", "database-level aggregate is only supported for $changeStream by the embedded server");
        }

        FindCommand.RejectUnsupported(ctx);
        List<BsonDocument> source;
        lock (ctx.Store.Sync)
        {
            var c = ctx.Store.TryGetCollection(ctx.Database, ctx.CollectionName);

            // A leading $match may select its input through an index; the stage still runs below, so
            // results (and errors) are those of the plain pipeline.
            source = pipeline.Count > 0 && pipeline[0] is BsonDocument { ElementCount: 1 } first && first.GetElement(0) is { Name: "$match", Value: BsonDocument match }
                ? [.. DocumentMatcher.Match(c, match, QueryAdapter.ParseFilter(match)).Select(m => m.Value)]
                : c?.Documents.ToList() ?? [];
        }

        IEnumerable<BsonDocument> results = source;
        foreach (var stage in pipeline)
        {
            results = Stages.Apply(results, stage.AsBsonDocument, Foreign);
        }

        // Materialise now so that pipeline errors become this command's error, not a later getMore's.
        var materialised = results.ToList();
        return await CursorReplies.OpenAsync(ctx, ctx.Namespace, materialised, CursorReplies.BatchSize(ctx, cursorOptions), false);

        IReadOnlyList<BsonDocument> Foreign(string coll)
        {
            lock (ctx.Store.Sync)
            {
                return ctx.Store.TryGetCollection(ctx.Database, coll)?.Documents.ToList() ?? [];
            }
        }
    }
}
