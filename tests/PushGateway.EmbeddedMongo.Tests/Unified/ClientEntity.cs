using MongoDB.Bson;
using MongoDB.Driver;
using MongoDB.Driver.Core.Clusters;
using MongoDB.Driver.Core.Events;
using PushGateway.Testing;

namespace PushGateway.EmbeddedMongo.Tests.Unified;

/// <summary>A <c>client</c> entity: its own MongoClient (own cluster and pool) plus the events it observed.</summary>
internal sealed class ClientEntity : IDisposable
{
    private static readonly HashSet<string> SupportedEvents = ["commandStartedEvent", "commandSucceededEvent", "commandFailedEvent"];

    private ClientEntity(MongoClient client, EventRecorder recorder)
    {
        Client = client;
        Recorder = recorder;
    }

    public MongoClient Client { get; }

    public EventRecorder Recorder { get; }

    public static ClientEntity Create(string connectionString, BsonDocument spec)
    {
        var observed = new HashSet<string>();
        var ignored = new HashSet<string>();
        foreach (var element in spec)
        {
            switch (element.Name)
            {
                case "id":
                case "useMultipleMongoses": // a replica set has one primary: nothing to pin
                    break;
                case "observeEvents":
                    foreach (var name in element.Value.AsBsonArray.Select(v => v.AsString))
                    {
                        if (!SupportedEvents.Contains(name))
                        {
                            throw new UnifiedRunnerException($"observeEvents '{name}' is not supported by this runner");
                        }

                        observed.Add(name);
                    }

                    break;
                case "ignoreCommandMonitoringEvents":
                    ignored.UnionWith(element.Value.AsBsonArray.Select(v => v.AsString));
                    break;
                case "uriOptions":
                    foreach (var option in element.Value.AsBsonDocument)
                    {
                        var value = option.Value.BsonType == BsonType.Boolean
                            ? (option.Value.AsBoolean ? "true" : "false")
                            : option.Value.ToString();
                        connectionString = MongoConnectionStrings.WithOption(connectionString, $"{option.Name}={value}");
                    }

                    break;
                default:
                    throw new UnifiedRunnerException($"client option '{element.Name}' is not supported by this runner");
            }
        }

        var recorder = new EventRecorder(observed, ignored);
        var settings = MongoClientSettings.FromConnectionString(connectionString);
        settings.ClusterConfigurator = builder => builder
            .Subscribe<CommandStartedEvent>(recorder.OnStarted)
            .Subscribe<CommandSucceededEvent>(recorder.OnSucceeded)
            .Subscribe<CommandFailedEvent>(recorder.OnFailed);
        return new ClientEntity(new MongoClient(settings), recorder);
    }

    public void Dispose()
    {
        // MongoClient.Dispose leaves the cluster cached in the registry; remove it explicitly.
        ClusterRegistry.Instance.UnregisterAndDisposeCluster(Client.Cluster);
    }
}
