using DotNet.Testcontainers.Builders;
using MongoDB.Driver;
using MongoDB.Driver.Core.Clusters;
using Testcontainers.MongoDb;
using Xunit;

namespace PushGateway.Testing;

/// <summary>
/// A real <c>mongo:7</c> single-node replica set started with Testcontainers, for cross-checking the embedded server
/// against mongod. Where no Docker engine is reachable the fixture starts nothing and
/// <see cref="UnavailableReason"/> says why; tests then call <c>Skip.If(target.UnavailableReason is not null, ...)</c>.
/// </summary>
public sealed class MongoContainerTarget : IAsyncLifetime, IMongoTestTarget
{
    /// <summary>Image used for the cross-check; 7.0 is the server version the embedded server claims.</summary>
    public const string Image = "mongo:7";

    private readonly List<IMongoClient> _clients = [];
    private MongoDbContainer? _container;

    /// <inheritdoc />
    public string ConnectionString { get; private set; } = "";

    /// <inheritdoc />
    public bool IsExternal => true;

    /// <inheritdoc />
    public string? UnavailableReason { get; private set; }

    /// <inheritdoc />
    public string Description => $"Testcontainers {Image} replica set";

    public async Task InitializeAsync()
    {
        UnavailableReason = await DockerEngine.UnavailableReasonAsync();
        if (UnavailableReason is not null)
        {
            UnavailableReason = $"Testcontainers cross-check skipped: {UnavailableReason}";
            return;
        }

        try
        {
            // Fail points (configureFailPoint) only exist with test commands enabled.
            _container = new MongoDbBuilder(Image)
                .WithReplicaSet("rs0")
                .WithCommand("--setParameter", "enableTestCommands=1")
                .Build();
        }
        catch (DockerUnavailableException ex)
        {
            // The engine answered the probe but Testcontainers cannot use it (configuration): an environment issue.
            UnavailableReason = $"Testcontainers cross-check skipped: {ex.Message}";
            return;
        }

        await _container.StartAsync();

        // The replica set member is configured with its in-container address; connect directly to the mapped port.
        ConnectionString = MongoConnectionStrings.ForTests(
            MongoConnectionStrings.WithOption(_container.GetConnectionString(), "directConnection=true"));
    }

    /// <inheritdoc />
    public IMongoClient CreateClient()
    {
        if (UnavailableReason is not null)
        {
            throw new InvalidOperationException(UnavailableReason);
        }

        var client = new MongoClient(ConnectionString);
        lock (_clients)
        {
            _clients.Add(client);
        }

        return client;
    }

    public async Task DisposeAsync()
    {
        lock (_clients)
        {
            foreach (var client in _clients)
            {
                ClusterRegistry.Instance.UnregisterAndDisposeCluster(client.Cluster);
            }

            _clients.Clear();
        }

        if (_container is not null)
        {
            await _container.DisposeAsync();
        }
    }
}
