using Microsoft.Extensions.Options;
using PushGateway.EmbeddedMongo;

namespace PushGateway.Mongo;

/// <summary>
/// Starts the embedded MongoDB-compatible development server when <c>Mongo:ConnectionString</c> is empty,
/// before any other hosted service needs MongoDB, and stops it last.
/// </summary>
internal sealed partial class EmbeddedMongoHost(
    IOptions<MongoOptions> mongoOptions,
    IOptions<EmbeddedMongoOptions> embeddedOptions,
    MongoEndpoint endpoint,
    IHostEnvironment environment,
    ILoggerFactory loggerFactory,
    ILogger<EmbeddedMongoHost> logger) : IHostedService, IAsyncDisposable
{
    private EmbeddedMongoServer? _server;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var configured = mongoOptions.Value.ConnectionString;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            endpoint.Set(configured, embedded: false);
            return;
        }

        var options = embeddedOptions.Value;
        // A relative data folder belongs to the gateway (src/PushGateway/data/ under `dotnet run`), not to the shell's directory.
        options.DataPath = string.IsNullOrWhiteSpace(options.DataPath)
            ? null
            : Path.GetFullPath(options.DataPath, environment.ContentRootPath);

        try
        {
            _server = await EmbeddedMongoServer.StartAsync(options, loggerFactory, cancellationToken);
        }
        catch (System.Net.Sockets.SocketException ex) when (ex.SocketErrorCode == System.Net.Sockets.SocketError.AddressAlreadyInUse)
        {
            throw new EmbeddedPortInUseException(options.Port, ex);
        }

        endpoint.Set(_server.ConnectionString, embedded: true);
        if (options.DataPath is null)
        {
            LogEmbeddedInMemory(logger, _server.ConnectionString);
        }
        else
        {
            LogEmbeddedOnDisk(logger, _server.ConnectionString, options.DataPath);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null)
        {
            await _server.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning,
        Message = "Mongo:ConnectionString is empty: started the embedded MongoDB-compatible DEVELOPMENT server at {ConnectionString}, IN MEMORY ONLY: webhook subscriptions, deliveries and data are lost when the gateway stops (set EmbeddedMongo:DataPath to keep them). It is not a production database.")]
    private static partial void LogEmbeddedInMemory(ILogger logger, string connectionString);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information,
        Message = "Mongo:ConnectionString is empty: started the embedded MongoDB-compatible development server at {ConnectionString}, keeping its data in {DataPath} (stop the gateway and delete that folder to start afresh). It is not a production database; any MongoDB client can connect to it while the gateway runs.")]
    private static partial void LogEmbeddedOnDisk(ILogger logger, string connectionString, string dataPath);
}
