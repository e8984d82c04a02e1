using MongoDB.Bson;
using MongoDB.Driver;
using MongoDB.Driver.Core.Bindings;

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
            case "targetedFailPoint":
                // A replica set has one server: the session's client reaches it, as a pinned mongos would.
                var session = entities.Get<IClientSessionHandle>(a.Required("session").AsString);
                var targeted = a.Required("failPoint").AsBsonDocument;
                a.EnsureAllUsed();
                await session.Client.GetDatabase("admin").RunCommandAsync<BsonDocument>(targeted);
                _failPoints.Add((session.Client, targeted["configureFailPoint"].AsString));
                break;
            case "assertSessionTransactionState":
                var stateOf = entities.Get<IClientSessionHandle>(a.Required("session").AsString);
                var expected = a.Required("state").AsString;
                a.EnsureAllUsed();
                var actual = stateOf.WrappedCoreSession.CurrentTransaction?.State switch
                {
                    null => "none",
                    CoreTransactionState.Starting => "starting",
                    CoreTransactionState.InProgress => "in_progress",
                    CoreTransactionState.Committed => "committed",
                    CoreTransactionState.Aborted => "aborted",
                    var other => other.ToString(),
                };
                if (actual != expected)
                {
                    throw new InvalidOperationException($"{name}: expected {expected} but the session is {actual}");
                }

                break;
            case "assertIndexExists":
            case "assertIndexNotExists":
                var indexDatabase = a.Required("databaseName").AsString;
                var indexCollection = a.Required("collectionName").AsString;
                var indexName = a.Required("indexName").AsString;
                a.EnsureAllUsed();
                var indexes = await (await internalClient.GetDatabase(indexDatabase).GetCollection<BsonDocument>(indexCollection).Indexes.ListAsync()).ToListAsync();
                if (indexes.Any(i => i["name"].AsString == indexName) != (name == "assertIndexExists"))
                {
                    throw new InvalidOperationException($"{name}: {indexDatabase}.{indexCollection} {indexName} (indexes: {string.Join(", ", indexes.Select(i => i["name"]))})");
                }

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
