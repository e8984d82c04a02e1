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
        if (string.IsNullOrWhiteSpace(options.DataPath))
        {
            options.DataPath = null;
        }

        _server = await EmbeddedMongoServer.StartAsync(options, loggerFactory, cancellationToken);
        endpoint.Set(_server.ConnectionString, embedded: true);
        LogEmbeddedStarted(logger, _server.ConnectionString, options.DataPath ?? "memory only");
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
        Message = "Mongo:ConnectionString is empty: started the embedded MongoDB-compatible DEVELOPMENT server at {ConnectionString} (storage: {Storage}). It is not a production database; any MongoDB client can connect to it while the gateway runs.")]
    private static partial void LogEmbeddedStarted(ILogger logger, string connectionString, string storage);
}
