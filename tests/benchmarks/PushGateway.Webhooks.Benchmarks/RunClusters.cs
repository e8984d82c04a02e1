using MongoDB.Driver;
using MongoDB.Driver.Core.Clusters;

namespace PushGateway.Webhooks.Benchmarks;

/// <summary>
/// Closes the MongoDB clusters one run's clients opened, after its gateway is disposed. MongoDB.Driver 3 keeps clusters
/// open for the life of the process even when their client is disposed; their heartbeat timers keep the execution
/// context they were made in, and with it the run's whole gateway and embedded server (stored rows, change log). Left
/// open, every later run's garbage collections traced the heaps of all earlier runs (six gateways' in a measured burst).
/// </summary>
internal sealed class RunClusters : IDisposable
{
    private readonly List<ICluster> _clusters = [];

    public MongoClient Track(MongoClient client)
    {
        lock (_clusters)
        {
            _clusters.Add(client.Cluster);
        }

        return client;
    }

    public void Dispose()
    {
        lock (_clusters)
        {
            _clusters.ForEach(ClusterRegistry.Instance.UnregisterAndDisposeCluster);
            _clusters.Clear();
        }
    }
}
