using MongoDB.Driver;
using MongoDB.Driver.Core.Clusters;

namespace PushGateway.Mongo;

/// <summary>
/// The gateway's MongoDB client with a cluster (connection pools, server monitors, heartbeat timers) of its own, closed
/// when the host stops. MongoDB.Driver 3 keeps clusters in a process-wide registry, shared by every client with equal
/// settings, and disposing a <see cref="MongoClient"/> leaves its cluster open for the life of the process. A stopped
/// gateway would then keep its connections open and its monitors polling, and their timers would keep the stopped host's
/// objects alive (a process that starts several hosts, such as tests, grows with each). A cluster configurator of its
/// own makes the cluster this host's alone (the registry tells clusters apart by it), so closing it cannot touch
/// another host's.
/// </summary>
internal sealed class OwnedMongoClient : IDisposable
{
    private readonly ICluster _cluster;

    public OwnedMongoClient(MongoClientSettings settings)
    {
        var configure = settings.ClusterConfigurator;
        settings.ClusterConfigurator = builder => configure?.Invoke(builder);
        Client = new MongoClient(settings);
        _cluster = Client.Cluster;
    }

    public MongoClient Client { get; }

    public void Dispose() => ClusterRegistry.Instance.UnregisterAndDisposeCluster(_cluster);
}
