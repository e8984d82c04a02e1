using MongoDB.Bson;
using MongoDB.Driver;

namespace PushGateway.EmbeddedMongo.Tests.Unified;

/// <summary>Special operations on the <c>testRunner</c> object: fail points, late entities, collection checks.</summary>
internal sealed class TestRunnerOperations(EntityMap entities, IMongoClient internalClient)
{
    private readonly List<(IMongoClient Client, string Name)> _failPoints = [];

    public async Task ExecuteAsync(string name, OperationArguments a)
    {
        switch (name)
        {
            case "failPoint":
                var client = entities.Get<ClientEntity>(a.Required("client").AsString).Client;
                var failPoint = a.Required("failPoint").AsBsonDocument;
                a.EnsureAllUsed();

                await client.GetDatabase("admin").RunCommandAsync<BsonDocument>(failPoint);
                _failPoints.Add((client, failPoint["configureFailPoint"].AsString));
                break;
            case "createEntities":
                var specs = a.Required("entities").AsBsonArray;
                a.EnsureAllUsed();
                entities.CreateAll(specs);
                break;
            case "assertCollectionExists":
            case "assertCollectionNotExists":
                var database = a.Required("databaseName").AsString;
                var collection = a.Required("collectionName").AsString;
                a.EnsureAllUsed();
                var names = await (await internalClient.GetDatabase(database).ListCollectionNamesAsync()).ToListAsync();
                if (names.Contains(collection) != (name == "assertCollectionExists"))
                {
                    throw new InvalidOperationException($"{name}: {database}.{collection} (collections: {string.Join(", ", names)})");
                }

                break;
            default:
                throw new UnifiedRunnerException($"testRunner operation '{name}' is not supported by this runner");
        }
    }

    /// <summary>Turns off every fail point the test configured, on the server it was configured on.</summary>
    public async Task DisableFailPointsAsync()
    {
        foreach (var (_, name) in _failPoints)
        {
            // The internal client reaches the same (only) primary, and is not broken by closeConnection fail points.
            await internalClient.GetDatabase("admin").RunCommandAsync<BsonDocument>(
                new BsonDocument { { "configureFailPoint", name }, { "mode", "off" } });
        }

        _failPoints.Clear();
    }
}
