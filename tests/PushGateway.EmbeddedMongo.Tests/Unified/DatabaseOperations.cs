using MongoDB.Bson;
using MongoDB.Driver;

namespace PushGateway.EmbeddedMongo.Tests.Unified;

/// <summary>Database and client entity operations.</summary>
internal static class DatabaseOperations
{
    public static async Task<object?> ExecuteAsync(string name, IMongoDatabase database, OperationArguments a) => name switch
    {
        "runCommand" => await RunCommandAsync(database, a),
        "aggregate" => await AggregateAsync(database, a),
        "createCollection" => await CreateCollectionAsync(database, a),
        "dropCollection" => await DropCollectionAsync(database, a),
        "modifyCollection" => await ModifyCollectionAsync(database, a),
        "listCollectionNames" => await ListCollectionNamesAsync(database, a),
        "createChangeStream" => await ChangeStreamOperations.WatchAsync(a, (p, o) => database.WatchAsync(p, o)),
        _ => throw new UnifiedRunnerException($"database operation '{name}' is not supported by this runner"),
    };

    public static async Task<object?> ExecuteAsync(string name, IMongoClient client, OperationArguments a) => name switch
    {
        "createChangeStream" => await ChangeStreamOperations.WatchAsync(a, (p, o) => client.WatchAsync(p, o)),
        "clientBulkWrite" => await ClientBulkWriteOperations.ExecuteAsync(client, a),
        _ => throw new UnifiedRunnerException($"client operation '{name}' is not supported by this runner"),
    };

    private static async Task<BsonValue> RunCommandAsync(IMongoDatabase database, OperationArguments a)
    {
        var command = a.Required("command").AsBsonDocument;
        a.Optional("commandName"); // the command document's first key names it already
        var readPreference = a.Optional("readPreference") is { } rp ? OptionParsing.ReadPreference(rp.AsBsonDocument) : null;
        a.EnsureAllUsed();
        var runnable = new BsonDocumentCommand<BsonDocument>(command);
        return await (a.Session is { } s ? database.RunCommandAsync(s, runnable, readPreference) : database.RunCommandAsync(runnable, readPreference));
    }

    private static async Task<BsonValue> AggregateAsync(IMongoDatabase database, OperationArguments a)
    {
        var pipeline = new BsonDocumentStagePipelineDefinition<NoPipelineInput, BsonDocument>(OptionParsing.Stages(a.Required("pipeline")));
        var options = CollectionReadOperations.AggregateOptionsFrom(a);
        a.EnsureAllUsed();
        using var cursor = await (a.Session is { } s ? database.AggregateAsync(s, pipeline, options) : database.AggregateAsync(pipeline, options));
        return new BsonArray(await cursor.ToListAsync());
    }

    private static async Task<BsonValue?> CreateCollectionAsync(IMongoDatabase database, OperationArguments a)
    {
        var name = a.Required("collection").AsString;
        if (a.Optional("viewOn") is { } viewOn)
        {
            var pipeline = new BsonDocumentStagePipelineDefinition<BsonDocument, BsonDocument>(
                OptionParsing.Stages(a.Optional("pipeline") ?? new BsonArray()));
            a.EnsureAllUsed();
            await database.CreateViewAsync(name, viewOn.AsString, pipeline);
            return null;
        }

        var options = new CreateCollectionOptions
        {
            ChangeStreamPreAndPostImagesOptions = a.Optional("changeStreamPreAndPostImages") is { } images
                ? new ChangeStreamPreAndPostImagesOptions(images.AsBsonDocument)
                : null,
        };
        a.EnsureAllUsed();
        await (a.Session is { } s ? database.CreateCollectionAsync(s, name, options) : database.CreateCollectionAsync(name, options));
        return null;
    }

    private static async Task<BsonValue?> DropCollectionAsync(IMongoDatabase database, OperationArguments a)
    {
        var name = a.Required("collection").AsString;
        a.EnsureAllUsed();
        await (a.Session is { } s ? database.DropCollectionAsync(s, name) : database.DropCollectionAsync(name));
        return null;
    }

    private static async Task<BsonValue?> ModifyCollectionAsync(IMongoDatabase database, OperationArguments a)
    {
        // The driver has no collMod helper; the spec's modifyCollection is exactly this command.
        var command = new BsonDocument("collMod", a.Required("collection").AsString);
        if (a.Optional("changeStreamPreAndPostImages") is { } images)
        {
            command.Add("changeStreamPreAndPostImages", images);
        }

        if (a.Optional("validator") is { } validator)
        {
            command.Add("validator", validator);
        }

        a.EnsureAllUsed();
        await database.RunCommandAsync<BsonDocument>(new BsonDocumentCommand<BsonDocument>(command));
        return null;
    }

    private static async Task<BsonValue> ListCollectionNamesAsync(IMongoDatabase database, OperationArguments a)
    {
        var filter = a.Optional("filter")?.AsBsonDocument;
        a.EnsureAllUsed();
        var options = filter is null ? null : new ListCollectionNamesOptions { Filter = filter };
        using var cursor = await database.ListCollectionNamesAsync(options);
        return new BsonArray(await cursor.ToListAsync());
    }
}
