using MongoDB.Bson;
using MongoDB.Driver;

namespace PushGateway.ChangeStreams;

/// <summary>
/// Makes sure a watched collection that needs them (<see cref="WatchOptions.NeedsImages"/>) has change-stream pre- and
/// post-images on (MongoDB 6.0+): checks <c>listCollections</c>, and when <see cref="GatewayOptions.EnablePreAndPostImages"/>
/// allows it, turns them on with <c>collMod</c> (or creates the collection with them). Returns null when all is well,
/// else the problem and the command an operator should run.
/// </summary>
internal sealed class PreAndPostImagesSetup(IMongoClient client, GatewayOptions options, ILogger logger)
{
    private const int NamespaceNotFound = 26;
    private const int NamespaceExists = 48;

    public async Task<string?> EnsureAsync(WatchOptions watch, CancellationToken cancellationToken)
    {
        if (!watch.NeedsImages)
        {
            return null;
        }

        var database = client.GetDatabase(watch.Database);
        if (await IsOnAsync(database, watch.Collection, cancellationToken))
        {
            return null;
        }

        var command = $"db.getSiblingDB(\"{watch.Database}\").runCommand({{collMod: \"{watch.Collection}\", changeStreamPreAndPostImages: {{enabled: true}}}})";
        if (!options.EnablePreAndPostImages)
        {
            return Problem(watch, $"change-stream pre- and post-images are off and Gateway:EnablePreAndPostImages is false; run {command}");
        }

        try
        {
            await TurnOnAsync(database, watch.Collection, cancellationToken);
        }
        catch (MongoCommandException ex)
        {
            return Problem(watch, $"could not turn on change-stream pre- and post-images ({ex.CodeName}, MongoDB 6.0+ is needed); run {command}");
        }

        ChangeStreamsLog.ImagesTurnedOn(logger, watch.Namespace);
        return null;
    }

    private static async Task<bool> IsOnAsync(IMongoDatabase database, string collection, CancellationToken cancellationToken)
    {
        using var cursor = await database.ListCollectionsAsync(new ListCollectionsOptions { Filter = new BsonDocument("name", collection) }, cancellationToken);
        var info = await cursor.FirstOrDefaultAsync(cancellationToken);
        return info?.GetValue("options", new BsonDocument()) is BsonDocument o
            && o.GetValue("changeStreamPreAndPostImages", new BsonDocument()) is BsonDocument images
            && images.GetValue("enabled", false).ToBoolean();
    }

    private static async Task TurnOnAsync(IMongoDatabase database, string collection, CancellationToken cancellationToken)
    {
        var images = new BsonDocument("enabled", true);
        try
        {
            await database.RunCommandAsync<BsonDocument>(new BsonDocument { { "collMod", collection }, { "changeStreamPreAndPostImages", images } }, cancellationToken: cancellationToken);
            return;
        }
        catch (MongoCommandException ex) when (ex.Code == NamespaceNotFound)
        {
            // Not created yet: create it with images, so its first update already has them.
        }

        try
        {
            await database.RunCommandAsync<BsonDocument>(new BsonDocument { { "create", collection }, { "changeStreamPreAndPostImages", images } }, cancellationToken: cancellationToken);
        }
        catch (MongoCommandException ex) when (ex.Code == NamespaceExists)
        {
            // Created meanwhile by someone else.
            await database.RunCommandAsync<BsonDocument>(new BsonDocument { { "collMod", collection }, { "changeStreamPreAndPostImages", images } }, cancellationToken: cancellationToken);
        }
    }

    private string Problem(WatchOptions watch, string problem)
    {
        ChangeStreamsLog.ImagesOff(logger, watch.Namespace, problem);
        return problem;
    }
}
