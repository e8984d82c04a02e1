using MongoDB.Bson;
using PushGateway.EmbeddedMongo.Commands;
using PushGateway.EmbeddedMongo.Cursors;
using PushGateway.EmbeddedMongo.Diagnostics;

namespace PushGateway.EmbeddedMongo.Aggregation;

/// <summary>
/// Pipelines that start with a diagnostic source stage: <c>$collStats</c> (on a collection) and <c>$currentOp</c>
/// (on <c>admin</c> with <c>aggregate: 1</c>); the rest of the pipeline runs over what the stage produced.
/// </summary>
internal static class DiagnosticStages
{
    /// <summary>The reply, or null when the pipeline does not start with a diagnostic stage.</summary>
    public static async ValueTask<BsonDocument?> TryRunAsync(CommandContext ctx, BsonArray pipeline, BsonDocument? cursorOptions)
    {
        var name = pipeline.Count > 0 && pipeline[0] is BsonDocument { ElementCount: 1 } first ? first.GetElement(0).Name : null;
        for (var i = 1; i < pipeline.Count; i++)
        {
            if (pipeline[i] is BsonDocument { ElementCount: 1 } later && later.GetElement(0).Name is "$collStats" or "$currentOp")
            {
                throw new MongoErrorException(40602, "Location40602", $"{later.GetElement(0).Name} is only valid as the first stage in a pipeline");
            }
        }

        List<BsonDocument> source;
        string ns;
        switch (name)
        {
            case "$collStats":
                var options = pipeline[0]["$collStats"] as BsonDocument ?? throw new MongoErrorException(5447000, "Location5447000", "$collStats must take a nested object but found: " + pipeline[0]["$collStats"]);
                source = [CollStats.Build(ctx, options)];
                ns = ctx.Namespace;
                break;
            case "$currentOp":
                if (ctx.Database != "admin" || !ctx.Command[0].IsNumeric)
                {
                    throw new MongoErrorException(73, "InvalidNamespace", "$currentOp must be run against the 'admin' database with {aggregate: 1}");
                }

                source = CurrentOpReport.Build(ctx, pipeline[0]["$currentOp"] as BsonDocument ?? throw MongoErrorException.TypeMismatch("$currentOp options must be specified in an object"));
                ns = "admin.$cmd.aggregate";
                break;
            default:
                return null;
        }

        IEnumerable<BsonDocument> results = source;
        foreach (var stage in pipeline.Skip(1))
        {
            results = Stages.Apply(results, stage.AsBsonDocument, null);
        }

        return await CursorReplies.OpenAsync(ctx, ns, results.ToList(), CursorReplies.BatchSize(ctx, cursorOptions), false);
    }
}
