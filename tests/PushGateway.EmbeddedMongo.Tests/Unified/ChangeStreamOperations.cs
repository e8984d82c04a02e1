using MongoDB.Bson;
using MongoDB.Driver;

namespace PushGateway.EmbeddedMongo.Tests.Unified;

/// <summary><c>createChangeStream</c> on a client, database or collection, and the change stream entity's operations.</summary>
internal static class ChangeStreamOperations
{
    public static async Task<ChangeStreamEntity> WatchAsync(
        OperationArguments a,
        Func<PipelineDefinition<ChangeStreamDocument<BsonDocument>, BsonDocument>, ChangeStreamOptions, Task<IChangeStreamCursor<BsonDocument>>> watch)
    {
        // Raw BsonDocument results: the spec tests match the server's change documents field by field.
        var pipeline = new BsonDocumentStagePipelineDefinition<ChangeStreamDocument<BsonDocument>, BsonDocument>(
            OptionParsing.Stages(a.Optional("pipeline") ?? new BsonArray()));
        var options = new ChangeStreamOptions
        {
            BatchSize = a.Optional("batchSize")?.ToInt32(),
            Collation = a.Optional("collation") is { } c ? OptionParsing.Collation(c) : null,
            Comment = a.Optional("comment"),
            FullDocument = a.Optional("fullDocument") is { } fd ? OptionParsing.FullDocument(fd) : ChangeStreamFullDocumentOption.Default,
            FullDocumentBeforeChange = a.Optional("fullDocumentBeforeChange") is { } fdb
                ? OptionParsing.FullDocumentBeforeChange(fdb)
                : ChangeStreamFullDocumentBeforeChangeOption.Default,
            MaxAwaitTime = a.Optional("maxAwaitTimeMS") is { } t ? TimeSpan.FromMilliseconds(t.ToInt64()) : null,
            ResumeAfter = a.Optional("resumeAfter")?.AsBsonDocument,
            StartAfter = a.Optional("startAfter")?.AsBsonDocument,
            StartAtOperationTime = a.Optional("startAtOperationTime")?.AsBsonTimestamp,
            ShowExpandedEvents = a.Optional("showExpandedEvents")?.ToBoolean(),
        };
        a.EnsureAllUsed();
        return new ChangeStreamEntity(await watch(pipeline, options));
    }

    public static async Task<BsonValue?> ExecuteAsync(string name, ChangeStreamEntity stream, OperationArguments a)
    {
        a.EnsureAllUsed();
        switch (name)
        {
            case "iterateUntilDocumentOrError":
                return await stream.NextAsync();
            case "iterateOnce":
                return await stream.TryNextOnceAsync();
            case "close":
                stream.Dispose();
                return null;
            default:
                throw new UnifiedRunnerException($"change stream operation '{name}' is not supported by this runner");
        }
    }
}
