using Microsoft.Extensions.Logging;

namespace PushGateway.EmbeddedMongo;

/// <summary>
/// A MongoDB-compatible development and test server speaking the wire protocol on a TCP port.
/// Not a production database.
/// </summary>
public sealed class EmbeddedMongoServer : IAsyncDisposable
{
    private EmbeddedMongoServer(int port, string host)
    {
        Port = port;
        ConnectionString = $"mongodb://{host}:{port}/?directConnection=true";
    }

    /// <summary>The port actually listened on (resolved when <see cref="EmbeddedMongoOptions.Port"/> is 0).</summary>
    public int Port { get; }

    /// <summary>A connection string any MongoDB driver can use.</summary>
    public string ConnectionString { get; }

    /// <summary>Binds the listener and starts accepting connections.</summary>
    public static Task<EmbeddedMongoServer> StartAsync(
        EmbeddedMongoOptions options,
        ILoggerFactory? loggerFactory = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        _ = loggerFactory;
        _ = cancellationToken;
        throw new NotImplementedException("The embedded server is being built.");
    }

    /// <summary>Stops accepting connections, closes open ones and flushes the journal.</summary>
    public Task StopAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync();
}
