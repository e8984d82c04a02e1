using MongoDB.Driver;
using MongoDB.Driver.Core.Clusters;
using PushGateway.EmbeddedMongo;
using Xunit;

namespace PushGateway.Testing;

/// <summary>
/// The MongoDB a test run talks to: the replica set named by <c>PUSHGATEWAY_TEST_MONGO</c> when set,
/// otherwise an embedded server started for the fixture. Use as an xunit class or collection fixture;
/// give every test its own database (<see cref="NewDatabaseName"/>) so tests never share state.
/// </summary>
public sealed class MongoTarget : IAsyncLifetime, IMongoTestTarget
{
    /// <summary>Environment variable naming an external replica set to test against.</summary>
    public const string ExternalVariable = "PUSHGATEWAY_TEST_MONGO";

    private readonly List<IMongoClient> _clients = [];
    private EmbeddedMongoServer? _server;

    /// <summary>Connection string of the target, with test-friendly options added.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>True when the tests run against a real MongoDB rather than the embedded server.</summary>
    public bool IsExternal { get; private set; }

    /// <summary>The embedded server, when that is the target.</summary>
    public EmbeddedMongoServer? EmbeddedServer => _server;

    /// <inheritdoc />
    public string? UnavailableReason => null;

    /// <inheritdoc />
    public string Description => IsExternal ? $"external MongoDB ({ExternalVariable})" : "embedded server";

    public async Task InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable(ExternalVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            IsExternal = true;
            ConnectionString = external;
            return;
        }

        _server = await EmbeddedMongoServer.StartAsync(new EmbeddedMongoOptions { Port = 0 });
        ConnectionString = WithTestOptions(_server.ConnectionString);
    }

    /// <summary>A client that is disposed (cluster included) with the fixture.</summary>
    public IMongoClient CreateClient()
    {
        var client = new MongoClient(ConnectionString);
        lock (_clients)
        {
            _clients.Add(client);
        }

        return client;
    }

    /// <summary>A database name no other test uses.</summary>
    public static string NewDatabaseName(string prefix = "test") => $"{prefix}_{Guid.NewGuid():N}";

    public async Task DisposeAsync()
    {
        lock (_clients)
        {
            foreach (var client in _clients)
            {
                // MongoClient.Dispose leaves its cluster cached in the registry; remove it explicitly.
                ClusterRegistry.Instance.UnregisterAndDisposeCluster(client.Cluster);
            }

            _clients.Clear();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private static string WithTestOptions(string connectionString) => MongoConnectionStrings.ForTests(connectionString);
}
